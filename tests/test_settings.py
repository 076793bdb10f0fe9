"""Edition settings: edition.toml's [edition] table to Settings and back, the one mapping tasks carry."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from teikit.edition import Edition, Settings

text = st.text(max_size=20)
tables = st.fixed_dictionaries({}, optional={
    "title": text, "short_title": text, "editors": st.lists(text, max_size=3), "publisher": text,
    "licence": text, "base_url": text, "identifier": text, "print_volume": st.booleans(),
    "date": st.sampled_from(["1965-12-15", "2026"]), "admin_email": text})


@given(tables)
def test_to_mapping_is_what_from_mapping_reads(table):
    settings = Settings.from_mapping(table)
    mapping = settings.to_mapping()
    assert Settings.from_mapping(mapping) == settings
    assert {k: v for k, v in mapping.items() if k in table} == table
    json.dumps(mapping)  # task parameters and digests are JSON


def test_an_edition_toml_round_trips_with_its_own_keys(tmp_path):
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "T"\neditors = ["A", "B"]\ndate = 1965-12-15\n',
                                          encoding="utf-8")
    mapping = Edition.open(tmp_path).settings.to_mapping()
    assert mapping["title"] == "T" and mapping["editors"] == ["A", "B"] and mapping["date"] == date(1965, 12, 15)
    assert "extra" not in mapping
