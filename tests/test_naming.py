"""The register's naming model: name parts, derived forms, titles, offices with dates."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.naming import Office, derived, is_title_word, matches_office, offices, parts, title_at_end


def test_inverted_name_gives_forename_surname_and_initials():
    full, short, titles = derived("Ball, George W.")
    assert {"George W. Ball", "George Ball", "G. W. Ball", "G.W. Ball"} <= set(full)
    assert short == ["Ball"] and titles == ()


def test_initial_without_full_stop_is_written_with_one():
    assert "Robert W. Komer" in derived("Komer, Robert W")[0]


def test_middle_initials_may_be_left_out():
    assert "Chester Bowles" in derived("Bowles, Chester A.")[0]


def test_suffix_and_titles_in_the_name_are_kept_apart():
    name = parts("Hoover, Herbert C., Jr.")
    assert (name.family, name.given, name.suffix) == ("Hoover", ("Herbert", "C."), "Jr.")
    name = parts("McNaughton, General Andrew G. L.")
    assert name.titles == ("General",) and name.given == ("Andrew", "G.", "L.")
    assert parts("Lord, Winston").family == "Lord"


def test_east_asian_names_are_family_name_first_with_western_forms():
    full, short, _ = derived("Yen Chia-kan")
    assert "C.K. Yen" in full and "Chia-kan Yen" in full and short == ["Yen"]
    full, short, _ = derived("Kim Song-un (Kim Sung-eun)")
    assert "Sung Eun Kim" in full and "Kim Sung Eun" in full and short[0] == "Kim"


def test_a_register_that_inverts_western_names_writes_the_others_family_first():
    assert parts("Chiang Ching", inverted_convention=True).family == "Chiang"
    assert parts("Avery F. Peterson", inverted_convention=True).family == "Peterson"


def test_vietnamese_names_are_also_called_by_the_last_given_name():
    assert derived("Nguyen Van Thieu")[1] == ["Nguyen", "Thieu"]


def test_bracketed_spellings_and_nicknames():
    full, short, _ = derived("Pak Chong-hui (Pak Chung-hui, Park Chung Hee)", True)
    assert "Park Chung Hee" in full and "Chung Hee Park" in full
    assert short[:1] == ["Pak"] and "Park" in short[short.index(None):]
    full, short, _ = derived("Chow (Chou) Shu-kai", True)
    assert "Chou Shu-kai" in full and "Chou Shu Kai" in full and short[0] == "Chow"
    assert "Big Minh" in derived("Duong Van (“Big”) Minh", True)[0]


def test_particles_and_double_names():
    assert derived("de Gaulle, Charles")[1][:2] == ["de Gaulle", "De Gaulle"]
    assert parts("Brentano, Heinrich von").family == "von Brentano"
    assert "Couve" in derived("Couve de Murville, Maurice")[1]
    assert "Averoff" in derived("Averoff-Tossizza, M. Evangelos")[1]


def test_knights_kings_and_sheikhs_are_called_by_the_forename():
    assert {"Sir Hubert", "Sir Gladwyn Jebb"} <= set(derived("Jebb, Sir Hubert Miles Gladwyn")[0])
    assert {"Sheikh Yusuf", "Shaikh Yusuf"} <= set(derived("Yasin, Yusuf Sheikh")[0])
    assert derived("Hussein I ibn Talal")[1] == ["Hussein"]
    assert "Lord Home" in derived("Home, Lord (Alexander Frederick Douglas-Home)")[0]


def test_a_military_title_is_no_form_of_the_name():
    full, _, titles = derived("Wheeler, General Earle G.")
    assert "General Wheeler" not in full and titles == ("General",)


def test_offices_with_dates_from_a_description():
    found = offices("Assistant Secretary of State for Inter-American Affairs until March 17, 1965; "
                    "thereafter Under Secretary of State for Economic Affairs")
    assert found == [Office("Assistant Secretary", "State for Inter-American Affairs", "", "1965-03-17"),
                     Office("Under Secretary", "State for Economic Affairs", "1965-03-17", "")]
    assert offices("British High Commissioner to Australia, 1965–71") == [Office("High Commissioner", "", "1965", "1971")]
    # "to the President" names whom the person served, not an office they held.
    assert offices("Special Assistant to the President") == [Office("Special Assistant")]


def test_titles_match_offices_at_a_date():
    held = offices("Ambassador to Korea July 31, 1964–June 10, 1967; thereafter Deputy Assistant Secretary of State")
    assert matches_office("Ambassador", held, "1965-05-01")
    assert not matches_office("Ambassador", held, "1968-01-01")
    assert matches_office("Ambassador", held)
    assert matches_office("Admiral", offices("Vice Admiral, Commander Seventh Fleet"))
    assert matches_office("Foreign Minister", offices("Soviet Minister of Foreign Affairs"))
    assert matches_office("Prime Minister", offices("Premier of the People's Republic of China"))
    assert not matches_office("President", offices("Deputy Under Secretary of State for Political Affairs"))
    assert not matches_office("Secretary of State", offices("Secretary of Defense"))


def test_titles_before_a_name_in_full_and_abbreviated():
    assert title_at_end("met Amb ") == (4, "Ambassador")
    assert title_at_end("the Lt Gen ")[1] == "Lieutenant General"
    assert title_at_end("FonMin ")[1] == "Foreign Minister"
    assert title_at_end("Secretary of State ")[1] == "Secretary of State"
    assert title_at_end("Special Assistant for National Security Affairs ")[1] == \
        "Special Assistant of National Security Affairs"
    assert title_at_end("the table ") is None


SURNAMES = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)
# A given name that is a title's word ("Amb", "Gen") is read as the title, not a name: not generated.
GIVEN = st.lists(st.from_regex(r"[A-Z][a-z]{2,7}|[A-Z]\.", fullmatch=True).filter(lambda w: not is_title_word(w)),
                 min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(SURNAMES, GIVEN)
def test_every_inverted_name_derives_its_surname_and_forename_forms(surname, given_names):
    full, short, _ = derived(f"{surname}, {' '.join(given_names)}")
    assert short[0] == surname
    assert " ".join(given_names + [surname]) in full or len(given_names) == 1 and \
        f"{given_names[0]} {surname}" in full
    assert all(form.endswith(surname) or form.endswith((",", "Jr.")) for form in full)
