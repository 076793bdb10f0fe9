"""Names in running text: whole forms first, short forms by context, proposals, dates."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.encode.body import encode_body
from teikit.encode.context import Context
from teikit.encode.names import read_document
from teikit.readers.base import Block, Record
from teikit.registers import Registers
from teikit.tei import NSMAP


def encode(*blocks: str, date: str = "1965-10-29", registers: Registers | None = None, **fields):
    record = Record(path="case.txt", reader="case", doc_id="case", title="case", date=date, date_when=date,
                    fields=fields, body=[Block(text, i + 1) for i, text in enumerate(blocks)])
    return encode_body(record, registers or Registers.load(None), date)


def refs(result, text: str) -> list[str]:
    return result.text.xpath("//*[@ref][. = $t]/@ref", namespaces=NSMAP, t=text)


FOLLOWERS = st.sampled_from(["met", "said", "and", "of", "in", "Visited", "Korea", "Comrade", "(laughing)"])


@settings(max_examples=60, deadline=None)
@given(FOLLOWERS, st.sampled_from(["Vice Premier ", "Comrade ", "Cde. ", ""]))
def test_kim_il_is_never_kim_il_sung(after, title):
    result = encode(f"Later {title}Kim Il {after} the delegation.")
    assert refs(result, "Kim Il") == ["per:kim-il"]
    assert "per:kim-il-sung" not in result.register_refs


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Kim Il Sung", "Kim II Sung", "KIM IL SUNG", "Kim Il-sung"]), FOLLOWERS)
def test_every_form_of_kim_il_sung_is_linked(form, after):
    result = encode(f"Premier {form} {after} the delegation.")
    assert refs(result, form) == ["per:kim-il-sung"]


def test_short_form_follows_the_last_mentioned_person():
    result = encode("Vice Premier Kim Il arrived. Kim spoke.", "Then Premier Kim Il Sung came in. Kim laughed.")
    links = result.text.xpath("//tei:persName[. = 'Kim']/@ref", namespaces=NSMAP)
    assert links == ["per:kim-il", "per:kim-il-sung"]


def test_unmentioned_ambiguous_short_form_stays_unlinked():
    result = encode("Kim spoke first.")
    assert not result.text.xpath("//tei:persName[@ref]", namespaces=NSMAP)
    assert result.text.xpath("//tei:persName[@cert = 'low'] = 'Kim'", namespaces=NSMAP)


def test_titled_unknown_name_is_proposed():
    registers = Registers.load(None)
    result = encode("The Romanian delegation agreed and Cde. Chivu Stoica will visit.", registers=registers)
    assert refs(result, "Chivu Stoica") == ["per:chivu-stoica"]
    assert any(a["id"] == "chivu-stoica" for a in registers.additions())


def test_orgs_and_places_are_linked():
    result = encode("The Korean Workers' Party Central Committee met in Pyongyang; Pravda reported it.")
    assert refs(result, "Korean Workers' Party Central Committee") == ["org:korean-workers-party-central-committee"]
    assert refs(result, "Pyongyang") == ["pla:pyongyang"]
    assert refs(result, "Pravda") == ["org:pravda"]


def test_register_refs_are_sorted_and_speakers_listed():
    result = encode("Kim Il Sung (hereafter referred as Kim): Thank you.",
                    "Fang Yi (hereafter referred as Fang): Good.", "Kim: In Pyongyang.")
    assert result.register_refs == sorted(result.register_refs)
    assert result.speakers == ["kim-il-sung", "fang-yi"]


def test_unclosed_bracket_is_a_located_warning_and_still_encoded():
    result = encode("First paragraph.", "They met [the delegation and left.")
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "C303" and diagnostic.line == 2
    assert diagnostic.format().startswith("case.txt:2:1: warning[C303]")
    assert result.text.xpath("//tei:supplied[@rend = 'unclosed']", namespaces=NSMAP)
    assert "[" not in "".join(result.text.itertext())


def test_dates_complete_from_the_document_date():
    result = encode("On 16 [October] and on 25 November, and in August 1956.", date="1963-10-18")
    assert result.text.xpath("//tei:date/@when", namespaces=NSMAP) == ["1963-10-16", "1963-11-25", "1956-08"]


def test_same_record_twice_gives_the_same_tree():
    from lxml import etree

    first = encode("Kim Il Sung (hereafter referred as Kim): [North] Korea.", "Kim: On 16 [October].")
    second = encode("Kim Il Sung (hereafter referred as Kim): [North] Korea.", "Kim: On 16 [October].")
    assert etree.tostring(first.text) == etree.tostring(second.text)


def test_supplied_name_after_a_title_before_a_capitalised_word():
    result = encode("They thanked Chairman [Mao Zedong] Personally and Premier [Zhou Enlai].")
    names = result.text.xpath("//tei:persName", namespaces=NSMAP)
    assert [(n.get("ref"), "".join(n.itertext())) for n in names] == [
        ("per:mao-zedong", "Chairman Mao Zedong"), ("per:zhou-enlai", "Premier Zhou Enlai")]


# -- a register in the FRUS manner: inverted names, descriptions with offices and dates ----------
PERSONS = {
    "p_JLB": ("Johnson, Lyndon B.", "President of the United States"),
    "p_JUA": ("Johnson, U. Alexis", "Deputy Under Secretary of State for Political Affairs"),
    "p_JR": ("Johnson, Robert H.", "member, National Security Council Staff"),
    "p_RD": ("Rusk, Dean", "Secretary of State"),
    "p_DP": ("Dean, Sir Patrick", "British Ambassador to the United States"),
    "p_SR": ("Sneider, Richard L.", "Country Director for Japan"),
    "p_WL": ("White, Lincoln", "Department of State spokesman"),
    "p_BG": ("Ball, George W.", "Under Secretary of State"),
    "p_KN": ("Kishi, Nobusuke", "Prime Minister of Japan until July 1960"),
    "p_YC": ("Yen Chia-kan", "Vice President of the Republic of China"),
    "p_BC": ("Bowles, Chester A.", "Under Secretary of State"),
    "p_FH": ("Felt, Admiral Harry D.", "Commander in Chief, Pacific"),
    "p_CJ": ("Cabot, John M.", "Ambassador to Poland"),
    "p_WP": ("Wang Ping-nan", "Chinese Communist Ambassador to Poland"),
    "p_MG": ("Magruder, General Carter B.", "Commander in Chief, United Nations Command"),
    "p_BW": ("Brown, Winthrop G.", "Ambassador to Korea July 31, 1964–June 10, 1967"),
    "p_BE": ("Brown, Elizabeth Ann", "Office of United Nations Political Affairs, Department of State"),
}


def frus_registers(tmp_path, persons: dict = PERSONS) -> Registers:
    """Write a persons register of (name, description) by id, as a FRUS volume's list gives them, and load it."""
    people = "".join(f'<person xml:id="{ident}"><persName type="main">{name}</persName><note>{note}</note></person>'
                     for ident, (name, note) in persons.items())
    (tmp_path / "persons.xml").write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>{people}'
                                          "</listPerson></body></text></TEI>", encoding="utf-8")
    return Registers.load(tmp_path, seed=False)


def linked(result) -> list[tuple[str, str]]:
    return [("".join(n.itertext()), n.get("ref")) for n in result.text.iter("{*}persName")]


def test_surname_unique_in_the_register_links(tmp_path):
    result = encode("Drafted by Sneider. Kishi agreed with Ball.", registers=frus_registers(tmp_path))
    assert linked(result) == [("Sneider", "per:p_SR"), ("Kishi", "per:p_KN"), ("Ball", "per:p_BG")]


def test_forms_derived_from_the_register_name(tmp_path):
    result = encode("Chester Bowles and C.K. Yen met Adm Felt and General Magruder.", registers=frus_registers(tmp_path))
    assert linked(result) == [("Chester Bowles", "per:p_BC"), ("C.K. Yen", "per:p_YC"), ("Felt", "per:p_FH"),
                              ("Magruder", "per:p_MG")]


def test_title_and_description_tell_apart_persons_of_one_surname(tmp_path):
    result = encode("President Johnson called Secretary Rusk.", "Johnson agreed.", registers=frus_registers(tmp_path))
    assert linked(result) == [("Johnson", "per:p_JLB"), ("Rusk", "per:p_RD"), ("Johnson", "per:p_JLB")]


def test_ambiguous_surname_without_evidence_is_left_for_review(tmp_path):
    result = encode("Johnson will see the Japanese.", registers=frus_registers(tmp_path))
    [name] = result.text.iter("{*}persName")
    assert name.get("ref") is None and name.get("cert") == "low" and name.text == "Johnson"


def test_dates_of_offices_decide(tmp_path):
    result = encode("Ambassador Brown called.", date="1965-03-01", registers=frus_registers(tmp_path))
    assert linked(result) == [("Brown", "per:p_BW")]


def test_full_name_wins_over_a_titled_fragment(tmp_path):
    result = encode("Mr. Dean Rusk met Sir Patrick Dean.", registers=frus_registers(tmp_path))
    assert linked(result) == [("Dean Rusk", "per:p_RD"), ("Sir Patrick Dean", "per:p_DP")]


def test_a_surname_inside_another_proper_name_is_not_linked(tmp_path):
    registers = frus_registers(tmp_path)
    result = encode("Mr. White said the White House agreed; the Ball Committee reported.", registers=registers)
    assert linked(result) == [("White", "per:p_WL"), ("Ball", "per:p_BG")]
    result = encode("Song Renqiong and Huang Huoqing met Ambassador Huang Hua. Huang spoke.")
    assert ("Huang", "per:huang-hua") not in linked(result)[:1]
    assert ("Huang Huoqing", "per:huang-hua") not in linked(result)


def test_hyphen_compounds_are_split(tmp_path):
    result = encode("The Cabot-Wang Talks resumed; anti-Kishi feeling grew.", registers=frus_registers(tmp_path))
    assert linked(result) == [("Cabot", "per:p_CJ"), ("Wang", "per:p_WP"), ("Kishi", "per:p_KN")]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Secretary French", "Minister Defense", "Deputy CG", "Chairman Joint Chiefs",
                        "Foreign Minister Shen April", "Ambassador Alan G.", "President Kennedy's Tokyo"]))
def test_offices_adjectives_acronyms_months_are_never_proposed(text):
    registers = Registers.load(None, seed=False)
    encode(f"Later {text} 9 came to the meeting about defense.", registers=registers)
    proposed = {a["forms"]["main"][0] for a in registers.additions()}
    assert not proposed & {"French", "Defense", "CG", "Joint Chiefs", "Joint", "Shen April", "April", "Alan",
                           "Alan G.", "Kennedy's Tokyo", "Tokyo"}


def test_a_proposal_keeps_its_evidence_and_is_marked_uncertain(tmp_path):
    registers = Registers.load(None, seed=False)
    result = encode("Ambassador Alan G. Kirk arrived. Kirk said little.", registers=registers)
    assert linked(result) == [("Alan G. Kirk", "per:alan-g-kirk"), ("Kirk", "per:alan-g-kirk")]
    [addition] = registers.additions()
    assert addition["proposed"] is True and addition["info"]["evidence"] == "Ambassador Alan G. Kirk"
    Registers.merge_into(tmp_path, registers.additions())
    text = (tmp_path / "persons.xml").read_text(encoding="utf-8")
    assert 'cert="low"' in text and '<note type="evidence">Ambassador Alan G. Kirk</note>' in text
    # Uncertain entries link nothing until an editor confirms them.
    assert Registers.load(tmp_path, seed=False).lookup("person", "Alan G. Kirk") is None


MORE_PERSONS = {
    "p_EI": ("Eisenhower, Dwight D.", "President of the United States until January 20, 1961"),
    "p_MF": ("Mendès-France, Pierre", "French Prime Minister until February 1955"),
    "p_FR": ("Franco y Bahamonde, Generalissimo Francisco", "Chief of State of Spain"),
    "p_RF": ("Roberts, Sir Frank", "British Ambassador to the Soviet Union"),
    "p_KH": ("Kissinger, Henry A.", "Assistant to the President for National Security Affairs"),
    "p_ME": ("Murrow, Edward R.", "Director of the United States Information Agency"),
    "p_BM": ("Bundy, McGeorge", "President's Special Assistant for National Security Affairs"),
    "p_BW": ("Bundy, William P.", "Assistant Secretary of State for Far Eastern Affairs"),
    "p_YC": ("Yen Chia-kan", "Vice President of the Republic of China"),
    "p_KN": ("Katzenbach, Nicholas deB.", "Under Secretary of State"),
}


def more_registers(tmp_path) -> Registers:
    return frus_registers(tmp_path, MORE_PERSONS)


def test_an_archive_named_after_a_person_is_no_mention(tmp_path):
    result = encode("Source: Eisenhower Library, Whitman File. Eisenhower agreed.", registers=more_registers(tmp_path))
    assert linked(result) == [("Eisenhower", "per:p_EI")]
    result = encode("Eisenhower Papers and Eisenhower Files; the Eisenhower Administration.",
                    registers=more_registers(tmp_path))
    assert linked(result) == [("Eisenhower", "per:p_EI")]


def test_combining_forms_and_hyphenated_words_are_no_mentions(tmp_path):
    registers = more_registers(tmp_path)
    result = encode("Support for Franco-German solidarity; Shih Yen-hua interpreted. Franco agreed.", registers=registers)
    assert linked(result) == [("Franco", "per:p_FR")]


def test_a_part_of_a_compound_surname_needs_a_full_mention(tmp_path):
    registers = more_registers(tmp_path)
    assert linked(encode("The U.K. and France agreed.", registers=registers)) == []
    result = encode("Pierre Mendès-France arrived; France welcomed him.", registers=registers)
    assert linked(result)[0] == ("Pierre Mendès-France", "per:p_MF")


def test_a_title_and_forename_are_not_another_persons_name(tmp_path):
    result = encode("Sir Frank Lee spoke; then Sir Frank replied.", registers=more_registers(tmp_path))
    assert linked(result) == [("Sir Frank", "per:p_RF")]


def test_initials_without_full_stops(tmp_path):
    result = encode("Dr. Henry A Kissinger met ER Murrow and Nicholas deB. Katzenbach.", registers=more_registers(tmp_path))
    assert linked(result) == [("Henry A Kissinger", "per:p_KH"), ("ER Murrow", "per:p_ME"),
                              ("Nicholas deB. Katzenbach", "per:p_KN")]


def test_a_possessive_before_an_office_names_its_holder(tmp_path):
    result = encode("Memorandum From the President's Special Assistant for National Security Affairs (Bundy) to "
                    "Secretary Rusk", registers=more_registers(tmp_path))
    assert linked(result)[0] == ("Bundy", "per:p_BM")


def test_a_speakers_label_before_a_short_word_proposes_no_one(tmp_path):
    registers = more_registers(tmp_path)
    result = encode("Dr. Kissinger: Yes, no objection.", "Dr. Kissinger No.", registers=registers)
    assert {a["forms"]["main"][0] for a in registers.additions()} == set()
    assert [ref for _, ref in linked(result)] == ["per:p_KH", "per:p_KH"]


def _with_notes(body: list[str], notes: dict[str, str], registers: Registers):
    record = Record(path="case.txt", reader="case", doc_id="case", title="case", date="1949-03-01",
                    date_when="1949-03-01", body=[Block(text, i + 1) for i, text in enumerate(body)], footnotes=notes)
    return encode_body(record, registers, "1949-03-01")


def test_a_person_the_editors_note_identifies_enters_the_register_with_the_description():
    registers = Registers.load(None, seed=False)
    result = _with_notes(["The despatch of Jessup [2] to the Far East is as yet unexplained.",
                          "Ambassador Jessup will report to Acheson."],
                         {"2": "Philip C. Jessup, United States Ambassador at large."}, registers)
    [entry] = [a for a in registers.additions() if a["id"] == "philip-c-jessup"]
    assert entry["proposed"] is True and entry["info"]["description"] == "United States Ambassador at large"
    assert [n for n in linked(result) if n[0] == "Jessup"] == [("Jessup", "per:philip-c-jessup")] * 2


def test_a_note_that_is_no_identification_proposes_no_one():
    registers = Registers.load(None, seed=False)
    _with_notes(["The cablegram [1] and the book [2] and [3] and [4] arrived."],
                {"1": "See Document 517.", "2": "Warren Randolph Burgess, The Reserve Banks and the Money Market, "
                 "Harper and Brothers, New York, 1927.", "3": "Butterworth, located on the northwest coast of Malaya.",
                 "4": "Not printed."}, registers)
    additions = {a["id"]: a for a in registers.additions()}
    assert set(additions) <= {"warren-randolph-burgess"}
    assert all("description" not in a["info"] for a in additions.values())


def test_a_known_person_without_description_gets_the_notes(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson><person xml:id="p_H">'
        '<persName type="main">Hankey, Sir Maurice</persName></person></listPerson></body></text></TEI>',
        encoding="utf-8")
    registers = Registers.load(tmp_path, seed=False)
    _with_notes(["The Secretary [1] agreed."], {"1": "Sir Maurice Hankey, Secretary to the Cabinet."}, registers)
    [entry] = registers.additions()
    assert entry["id"] == "p_H" and entry["info"]["description"] == "Secretary to the Cabinet"


def test_initials_and_a_surname_are_a_person_an_abbreviation_is_not():
    registers = Registers.load(None, seed=False)
    encode("Opposition spokesmen W.M. Hughes and E. J. Harrison spoke; the U.S. Navy and the E.A. Dept "
           "agreed with the Assistant Director-General.", registers=registers)
    proposed = {a["forms"]["main"][0] for a in registers.additions()}
    assert {"W.M. Hughes", "E. J. Harrison"} <= proposed
    assert not proposed & {"U.S. Navy", "E.A. Dept", "Director-General"}


def test_a_source_notes_classification_is_no_person():
    registers = Registers.load(None, seed=False)
    _with_notes(["The telegram [1] arrived."], {"1": "Source: Department of State, Central Files. Top Secret; "
                                                     "Limit Distribution; Eyes Only."}, registers)
    assert registers.additions() == []


def test_hyphenated_ranks_are_titles():
    registers = Registers.load(None, seed=False)
    result = encode("The Army under Major-General Suharto took control; Suharto met Lieutenant-Colonel Ali Murtopo.",
                    registers=registers)
    assert linked(result) == [("Suharto", "per:suharto"), ("Suharto", "per:suharto"), ("Ali Murtopo", "per:ali-murtopo")]


def test_the_dates_of_offices_decide_an_untitled_surname(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>'
        '<person xml:id="p_NG"><persName type="main">Nasser, Gamal Abdel</persName><note>President of Egypt until '
        'February 1958; thereafter President of the United Arab Republic</note></person>'
        '<person xml:id="p_NM"><persName type="main">Nasser, Musa</persName><note>Jordanian Foreign Minister from '
        'September 20, 1959</note></person></listPerson></body></text></TEI>', encoding="utf-8")
    registers = Registers.load(tmp_path, seed=False)
    assert linked(encode("Nasser attacked the Pact.", date="1958-08-01", registers=registers)) == [("Nasser", "per:p_NG")]
    # Both in office in 1960: the document must say which.
    [name] = encode("Nasser attacked the Pact.", date="1960-03-01", registers=registers).text.iter("{*}persName")
    assert name.get("ref") is None and name.get("cert") == "low"


def test_a_common_word_opening_a_sentence_is_no_surname(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>'
        '<person xml:id="p_TVD"><persName type="main">Tran Van Do</persName><note>Foreign Minister of the Republic '
        'of Vietnam</note></person></listPerson></body></text></TEI>', encoding="utf-8")
    registers = Registers.load(tmp_path, seed=False)
    result = encode("Do not think this would help. We do not know. Later Do said he agreed; Foreign Minister Do left.",
                    registers=registers)
    assert linked(result) == [("Do", "per:p_TVD"), ("Do", "per:p_TVD")]


WORDS_AND_REGIONS = {
    "p_TVD": ("Tran Van Do", "Foreign Minister of the Republic of Vietnam"),
    "p_WG": ("West, George S.", "Deputy Director, Office of German Affairs"),
    "p_MINH": ("Minh", "General, ARVN"),
    "p_DON": ("Don", "General, ARVN"),
    "p_YEH": ("Yeh, George K. C.", "Chinese Nationalist Ambassador to the United States"),
    "p_TEL": ("Tel, Wim", "Netherlands delegate"),
    "p_DU": ("Dulles, John Foster", "Secretary of State"),
}


def test_a_grammar_word_opening_a_sentence_is_no_surname(tmp_path):
    result = encode("President: Do we stop now? Do's answer was no.", registers=frus_registers(tmp_path, WORDS_AND_REGIONS))
    assert linked(result) == [("Do", "per:p_TVD")]


def test_a_surname_after_the_and_before_a_stop_is_a_region(tmp_path):
    registers = frus_registers(tmp_path, WORDS_AND_REGIONS)
    result = encode("Damage to the West. Ties with the West from 1960; the West and Erhard. West agreed. "
                    "The Dulles and Erhard visits.", registers=registers)
    assert linked(result) == [("West", "per:p_WG"), ("Dulles", "per:p_DU")]


def test_a_one_word_register_name_inside_another_name_is_not_linked(tmp_path):
    registers = frus_registers(tmp_path, WORDS_AND_REGIONS)
    result = encode("Tran Van Minh came with Generals Minh and Don to Tel al-Qadi. Don's men waited.",
                    registers=registers)
    assert linked(result) == [("Minh", "per:p_MINH"), ("Don", "per:p_DON"), ("Don", "per:p_DON")]


def test_a_known_surname_after_a_title_proposes_no_one_with_the_next_word(tmp_path):
    registers = frus_registers(tmp_path, WORDS_AND_REGIONS)
    result = encode("Ambassador Yeh Felt it would help. The U.S. M. Mayer spoke at Secretary Dulles’ Residence. "
                    "Foreign Minister Chi Peng-fei came.", registers=registers)
    assert linked(result) == [("Yeh", "per:p_YEH"), ("Dulles", "per:p_DU"), ("Chi Peng-fei", "per:chi-peng-fei")]
    assert [a["id"] for a in registers.additions() if a.get("proposed") is True] == ["chi-peng-fei"]


def test_an_organisations_files_are_still_the_organisation():
    result = encode("Source: National Archives, NATO Files. Eisenhower Library, Whitman File.")
    assert result.text.xpath("//tei:orgName/@ref", namespaces=NSMAP) == ["org:nato"]


def test_an_entry_the_editors_name_by_a_letter_links_where_a_letter_names_no_number(tmp_path):
    registers = frus_registers(tmp_path, {"p_X": ("X", "French intermediary in Paris contacts with Mai Van Bo"),
                                          "p_RD": ("Rusk, Dean", "Secretary of State")})
    result = encode("X met Rusk; X's report cost $X, or X billion dollars (see Vol. X, Annex X).", registers=registers)
    assert linked(result) == [("X", "per:p_X"), ("Rusk", "per:p_RD"), ("X", "per:p_X")]


def test_an_acronym_written_as_a_word_is_the_organisation(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listOrg>'
        '<org xml:id="t_EUR"><orgName type="main">European Atomic Energy Community</orgName>'
        '<orgName type="variant">EURATOM</orgName></org>'
        '<org xml:id="t_CARE"><orgName type="main">Cooperative for American Relief Everywhere</orgName>'
        '<orgName type="variant">CARE</orgName></org></listOrg></body></text></TEI>', encoding="utf-8")
    result = encode("Euratom and EURATOM agreed; Care was taken by CARE.", registers=Registers.load(tmp_path, seed=False))
    assert result.text.xpath("//tei:orgName/@ref", namespaces=NSMAP) == ["org:t_EUR", "org:t_EUR", "org:t_CARE"]


def test_a_title_of_address_in_a_register_name_is_part_of_a_full_form(tmp_path):
    registers = frus_registers(tmp_path, {"p_NDN": ("Ngo Dinh Nhu", "Counselor to President Diem"),
                                          "p_NDNM": ("Nhu, Madame", "wife of Ngo Dinh Nhu")})
    result = encode("Ngo Dinh Nhu spoke first and Nhu agreed. Then Madame Nhu replied.", registers=registers)
    assert linked(result) == [("Ngo Dinh Nhu", "per:p_NDN"), ("Nhu", "per:p_NDN"), ("Madame Nhu", "per:p_NDNM")]


def test_an_organisations_letter_and_the_pronoun_are_never_names(tmp_path):
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>'
        '<person xml:id="p_I"><persName type="main">I</persName></person></listPerson><listOrg>'
        '<org xml:id="t_S"><orgName type="main">Office of the Secretary of State</orgName>'
        '<orgName type="variant">S</orgName></org></listOrg></body></text></TEI>', encoding="utf-8")
    result = encode("I think the U.S. and S agree.", registers=Registers.load(tmp_path, seed=False))
    assert not result.text.xpath("//*[@ref]", namespaces=NSMAP)


def test_a_compass_point_is_a_person_only_after_a_title(tmp_path):
    registers = frus_registers(tmp_path, {"p_WGS": ("West, George S.", "Director, Office of Atlantic Political Affairs")})
    result = encode("Relations between East and West improved; the West must act. Mr. West agreed.", registers=registers)
    assert linked(result) == [("West", "per:p_WGS")]
    assert result.text.xpath("string(//tei:persName/preceding-sibling::text()[1])", namespaces=NSMAP).endswith("Mr. ")


def test_a_familiar_forename_before_a_unique_surname_is_part_of_the_mention(tmp_path):
    registers = frus_registers(tmp_path, {"p_DCD": ("Dillon, C. Douglas", "Under Secretary of State"),
                                          "p_KJF": ("Kennedy, John F.", "President")})
    result = encode("The meetings which Doug Dillon attended went well near Cape Kennedy. Directly Dillon left.",
                    registers=registers)
    assert linked(result) == [("Doug Dillon", "per:p_DCD"), ("Dillon", "per:p_DCD")]


def test_a_persons_diaries_and_office_files_still_name_the_person(tmp_path):
    registers = frus_registers(tmp_path, {"p_EDD": ("Eisenhower, Dwight D.", "President"),
                                          "p_KHA": ("Kissinger, Henry A.", "Assistant to the President")})
    result = encode("Source: Whitman File, Eisenhower Diaries; NSC Files, Kissinger Office Files, Box 97.",
                    registers=registers)
    assert linked(result) == [("Eisenhower", "per:p_EDD"), ("Kissinger", "per:p_KHA")]


def test_a_surname_in_capitals_after_a_title_in_capitals_links(tmp_path):
    registers = frus_registers(tmp_path, {"p_RD": ("Rusk, Dean", "Secretary of State"),
                                          "p_SH": ("Stassen, Harold E.", "Special Assistant to the President"),
                                          "p_KIM": ("Kim Chong-pil", "Director, Korean CIA")})
    result = encode("TELEPHONE CALL FROM SEC. McNAMARA TO SECRETARY RUSK", "DEAR MR. STASSEN: Your letter came.",
                    "KIM and RUSK OFFICIALS met.", registers=registers)
    assert linked(result) == [("RUSK", "per:p_RD"), ("STASSEN", "per:p_SH")]


def test_a_forename_in_a_salutation_or_closing_is_the_one_person_with_that_given_name(tmp_path):
    registers = frus_registers(tmp_path, {"p_DJF": ("Dulles, John Foster", "Secretary of State"),
                                          "p_DAW": ("Dulles, Allen W.", "Director of Central Intelligence"),
                                          "p_LS": ("Lloyd, Selwyn", "British Foreign Secretary"),
                                          "p_AB": ("Brooke, Alan", "Field Marshal"),
                                          "p_KA": ("Kirk, Alan G.", "Ambassador")})
    result = encode("DEAR FOSTER: I trust you are rested.", "Faithfully yours, Foster",
                    "Dear Selwyn, thank you.", "Dear Alan: no one can tell which Alan.", registers=registers)
    assert linked(result) == [("FOSTER", "per:p_DJF"), ("Foster", "per:p_DJF"), ("Selwyn", "per:p_LS")]


def test_an_initial_a_forename_and_a_surname_are_proposed_not_an_outline_letter():
    registers = Registers()
    result = encode("Present were U. Alexis Johnson and Robert S. McNamara.", "Topics: A. Economic Aid; B. Soviet Policy.",
                    "Later M. Jean Monnet came with H. E. Avraham Harman.",
                    "The agenda:\nC. Frank Talks\nD. Trade", registers=registers)
    assert [n for n, _ in linked(result)] == ["U. Alexis Johnson", "Robert S. McNamara"]
    assert sorted(a["id"] for a in registers.additions()) == ["robert-s-mcnamara", "u-alexis-johnson"]


def test_the_officers_a_source_note_names_as_drafters_are_proposed():
    registers = Registers()
    result = encode("Kishi agreed with Barrow. Gleason's paper was read.",
                    "Source: Central Files. Secret. Drafted by Gleason on April 22, cleared by Barrow (NEA) and "
                    "Thacher, and approved by Presidents Nixon and Pompidou.", registers=registers)
    assert [n for n, _ in linked(result)] == ["Barrow", "Gleason", "Gleason", "Barrow", "Thacher", "Nixon", "Pompidou"]
    assert sorted(a["id"] for a in registers.additions()) == ["barrow", "gleason", "nixon", "pompidou", "thacher"]


def test_a_forename_the_next_name_completes_in_a_drafters_list_is_no_new_person(tmp_path):
    registers = frus_registers(tmp_path, {"p_BMG": ("Bundy, McGeorge", "Special Assistant to the President"),
                                          "p_BWP": ("Bundy, William P.", "Assistant Secretary of State")})
    encode("Secret. Drafted by Koren; cleared by McGeorge and William Bundy and approved by Hilsman.",
           registers=registers)
    assert sorted(a["id"] for a in registers.additions() if a.get("proposed") is True) == ["hilsman", "koren"]


def test_a_typographic_apostrophe_and_an_en_dash_in_a_surname_still_match(tmp_path):
    registers = frus_registers(tmp_path, {"p_RAM": ("Rifa’i, Abdul Monem", "Jordanian Ambassador"),
                                          "p_SA": ("al–Shishakli, Adib", "former President of Syria")})
    result = encode("Ambassador Rifa’i said Shishakli’s record was known; Rifa'i agreed.", registers=registers)
    assert linked(result) == [("Rifa’i", "per:p_RAM"), ("Shishakli", "per:p_SA"), ("Rifa'i", "per:p_RAM")]


def test_a_surname_after_an_article_joined_to_another_persons_name_is_not_linked(tmp_path):
    registers = frus_registers(tmp_path, {"p_RS": ("al-Rifai, Samir", "Prime Minister of Jordan")})
    result = encode("Whether Abdul Munim Ar-Rifai would remain was asked. Prime Minister al-Rifai agreed. "
                    "Al-Rifai left.", registers=registers)
    assert [ref for _, ref in linked(result)] == ["per:p_RS", "per:p_RS"]


def test_a_note_naming_what_belongs_to_a_person_identifies_no_one():
    registers = Registers()
    note = "Presumably Wilson’s Fourteen Points; see footnote 4, Document 7."
    read_document(Context(registers, "1918-01-08"), [note], [], [note])
    assert registers.additions() == []


def test_a_signature_proposes_its_signers_with_the_line_as_evidence():
    registers = Registers.load(None)
    encode("The talks ended.", "Harold Quimby, Edwin Tarrant", registers=registers)
    added = {a["forms"]["main"][0]: a["info"].get("evidence") for a in registers.additions()}
    assert added["Harold Quimby"] == "Harold Quimby, Edwin Tarrant"
    assert added["Edwin Tarrant"] == "Harold Quimby, Edwin Tarrant"


def test_an_outline_heading_at_the_end_proposes_no_one():
    registers = Registers.load(None)
    encode("The talks ended.", "A. Economic Aid", registers=registers)
    assert "A. Economic Aid" not in {a["forms"]["main"][0] for a in registers.additions()}
