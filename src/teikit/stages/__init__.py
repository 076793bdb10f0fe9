"""The build's stages, one module each: thin adapters from an edition to tasks over the libraries."""
