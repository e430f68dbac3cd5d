"""Table-driven matching cases: (query, candidate, expected, reason) for each kind of variation.

`expected` is whether the pair scores at or above the default threshold. The rarity of tokens
comes from the reference corpus and a small list built here.
"""

from __future__ import annotations

import pytest

from watchlist.model.entity import StoredEntity
from watchlist.screening import DEFAULT_THRESHOLD, Query, Screener


def person(source_id: str, *names: str, **props: list[str]) -> StoredEntity:
    return StoredEntity("test", source_id, "Person", {"name": list(names), **props})


LISTED = [
    person("1", "Georgy Zhukov"),
    person("2", "Mohammed Al-Fawwaz"),
    person("3", "Kim Jong Un"),
    person("4", "Xi Jinping"),
    StoredEntity("test", "5", "Company", {"name": ["Rosneft Oil Company"]}),
    StoredEntity("test", "6", "Company", {"name": ["EMMA LLC"]}),
    person("7", "Douglas Mpano"),
    person("8", "Sergei Ivanov"),
    person("9", "Mohammed Ali"),
    person("10", "Ayman al-Zawahiri"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.build(LISTED)


CASES = [
    # Cyrillic in several romanisations
    ("Георгий Жуков", "Georgy Zhukov", True, "Cyrillic to BGN/PCGN"),
    ("Georgi Schukow", "Georgy Zhukov", True, "German romanisation"),
    ("Gueorgui Joukov", "Georgy Zhukov", True, "French romanisation"),
    ("Georgij Zukov", "Georgy Zhukov", True, "ISO 9 without diacritics"),
    ("Aleksei Kariakin", "Алексей Карякин", True, "passport-style spelling"),
    # Arabic
    ("Muhammad al-Fawwaz", "Mohammed Al-Fawwaz", True, "Mohammed / Muhammad, al-"),
    ("Mohamad El Fawaz", "Mohammed Al-Fawwaz", True, "el- and single letters"),
    ("محمد الفواز", "Mohammed Al-Fawwaz", True, "Arabic script to common spelling"),
    ("Abdulrahman Hassan", "Abdul Rahman Hassan", True, "joined compound"),
    ("Abd al-Rahman Hassan", "Abdul Rahman Hassan", True, "spelled-out article"),
    ("حسنی مبارک", "Hosni Mubarak", True, "written long vowels where the spelling has vowels"),
    ("احمدرضا رادان", "Ahmad Reza Radan", True, "ض read the Persian way too: Reza"),
    ("رمضان", "Ramadan", True, "and the Arabic way: Ramadan"),
    ("حسنی مبارک", "Hussein Mubarak", False, "Hosni writes no ya between s and n: not Hussein"),
    ("محمد حمیدی", "Mohammad Ahmadi", False, "Hamidi: a ya and no alif where Ahmadi differs"),
    # Chinese and Korean
    ("习近平", "Xi Jinping", True, "Han to pinyin"),
    ("Xi Jin Ping", "Xi Jinping", True, "syllables apart"),
    ("Jinping Xi", "Xi Jinping", True, "surname last"),
    ("김정은", "Kim Jong Un", True, "Hangul to popular spelling"),
    ("Gim Jeong-eun", "Kim Jong Un", True, "Revised Romanization"),
    ("Kim Chŏng-ŭn", "Kim Jong Un", True, "McCune-Reischauer: ch for j"),
    ("Hsi Chin-p'ing", "Xi Jinping", True, "Wade-Giles respelt in pinyin"),
    ("Mao Tse-tung", "Mao Zedong", True, "Wade-Giles ts and -ung"),
    ("Teng Hsiao-ping", "Deng Xiaoping", True, "Wade-Giles without the aspirate mark"),
    # Greek, Hebrew, Georgian, Armenian
    ("Νικόλαος Παπαδόπουλος", "Nikolaos Papadopoulos", True, "Greek"),
    ("משה כהן", "Moshe Cohen", True, "Hebrew skeleton"),
    ("მიხეილ სააკაშვილი", "Mikheil Saakashvili", True, "Georgian"),
    ("Սերժ Սարգսյան", "Serzh Sargsyan", True, "Armenian"),
    # Order, parts, initials, typos, titles
    ("Zhukov Georgy", "Georgy Zhukov", True, "reordered"),
    ("ZHUKOV, Georgy Konstantinovich", "Georgy Zhukov", True, "extra patronymic"),
    ("G. Zhukov", "Georgy Zhukov", True, "initial"),
    ("Georgy Zhukoc", "Georgy Zhukov", True, "typo"),
    ("Marshal Georgy Zhukov", "Georgy Zhukov", True, "title stripped"),
    ("Dr Ayman al-Zawahiri", "Ayman al-Zawahiri", True, "honorific stripped"),
    ("Georgy Zhukovsky", "Georgy Zhukov", False, "a different surname"),
    ("Jurij Kovalchuk", "Yury Kovalchuk", True, "Slavic j for y before a vowel"),
    ("Milad Džafárí", "Milad Jafari", True, "Czech dž for j"),
    ("Hryhoriy Surkis", "Grigoriy Surkis", True, "Ukrainian h for Russian g"),
    ("Vladimir Dzjabarov", "Vladimir Dzhabarov", True, "Swedish and Dutch dzj for dzh"),
    ("Jan Smith", "Ian Smith", False, "short names differ so: Jan is not Ian"),
    ("Jamie Flores", "Javier Flores", False, "two common given names a letter or two apart"),
    ("Volodymyr Konstantinov", "Vladimir Konstantinov", True, "one name, consonants agree"),
    ("Antoine Lopez", "Antonio Lopez", True, "one name in two languages"),
    ("حسین علی پور", "Husayn Ali Faur", False, "Persian p is written for p, never for f"),
    ("مصطفى كمال", "Mustapha Kamal", True, "ph is an f"),
    ("حمزة الخطيب", "Hamza al-Khatib", True, "a final ta marbuta is a vowel, not z h read zh"),
    ("طلحة", "Talha", True, "nor h h read as one h"),
    ("شهرام امیری", "Shahram Amiri", True, "sh then h (ش ه) is no doubled h"),
    ("مجید حسین زاده", "Majid Hosseinzadeh", True, "j before a ya; Persian -zadeh written apart"),
    ("بشارالاسد", "Bashar al-Assad", True, "a word and the next's article written as one"),
    ("Georgy Ivanov", "Georgy Zhukov", False, "only the given name in common"),
    # Nicknames and contradicting parts
    ("Bill Clinton", "William Clinton", True, "Bill is a short form of William"),
    ("Bob Smithers", "Robert Smithers", True, "Bob is a short form of Robert"),
    ("Ben Netanyahu", "Benjamin Netanyahu", True, "the query's Ben, a short form, not a particle"),
    ("Ig0r Sech1n", "Igor Sechin", True, "digits between letters read as letters"),
    ("Alexandra Petrov", "Alexander Petrov", False, "-ra for -er: the feminine form"),
    (
        "Sergey Ivanovich Lavrov",
        "Sergey Viktorovich Lavrov",
        False,
        "patronymics both given, and different",
    ),
    ("Sergey Lavrov", "Sergey Viktorovich Lavrov", True, "a patronymic left out costs little"),
    (
        "Serhiy Hennadiyovych Tsyplakov",
        "Sergey Gennadevich Tsyplakov",
        True,
        "a patronymic in Ukrainian and in Russian: one father's name",
    ),
    ("Anna Ivanovna Orlova", "Anna Ivanovich Orlova", False, "a daughter's and a son's"),
    ("Eric A. Wendt", "Josh A. Wendt", False, "each side gives a given name the other lacks"),
    ("Hans O Friedrich", "Hans Joachim Friedrich", False, "an initial that is not the middle name"),
    ("Hans J Friedrich", "Hans Joachim Friedrich", True, "the initial of the middle name"),
    ("Julia Mejia", "Julio Mejia", False, "the feminine and masculine forms: two people"),
    ("Manuela Ramos", "Manuel Ramos", False, "a feminine -a added to a masculine name"),
    ("Anna Zhukovskaya", "Anna Zhukovsky", False, "a Slavic surname's feminine form"),
    ("FridrichBuchenberg", "Friedrich Buchenberg", True, "the whole name written as one word"),
    # Joined syllables meet parts written apart one by one
    ("김종수", "Kim Yong Su", False, "Korean given names syllable by syllable: Jongsu, Yong Su"),
    ("김정식", "Kim Jong Sik", True, "the same syllables joined: Jeongsik is Jong Sik"),
    ("Wang Wenjie", "Wang Wen Ji", False, "Wenjie is not Wen Ji: jie and ji are two characters"),
    # A given name read from Han or Hangul is whole, syllable by syllable
    ("미영 허", "Ho Myong", False, "Mi-yeong is two syllables, not Myong of like letters"),
    ("정순 김", "Kim Jong Un", False, "Jeong-sun: the second syllable is sun, not un"),
    ("정은 김", "Kim Jong Un", True, "the same syllables: Jeong-eun is Jong Un"),
    ("瑜 韩", "Han Yu-ro", False, "a given name of one syllable is not part of one of two"),
    ("琳 魏", "Wei Lin Na", False, "Lin is not Lin-na, whatever the order of the parts"),
    ("明 王", "Wang Ming", True, "the whole given name, the surname apart"),
    ("小明 王", "Wang Xiao Ming", True, "the given name's syllables written apart"),
    ("Mark Albert Taylor", "Taylor Mark", True, "a middle name a list leaves out costs little"),
    ("Abd Allah Mohamed Ragab", "Abdullah Muhammad Rajab", True, "a compound joins as it is said"),
    ("N. N.", "Nursultan Nazarbayev", False, "initials alone are only letters"),
    # Typing slips and hearing
    ("Vladimir nitPu", "Vladimir Putin", True, "a surname's letters typed out of order"),
    ("Nadia Ivanova", "Diana Ivanova", False, "two given names that are anagrams: two names"),
    ("Shi Jinping", "Xi Jinping", True, "pinyin x is the sound English spellings write sh"),
    ("JC Juncker", "Jean-Claude Juncker", True, "initials written together"),
    ("Nikolai Plat Ono Vich", "Nikolai Platonovich", True, "a word split in three by mistake"),
    ("Ng Wai Kit", "Nam Gil Wai Kit", False, "Ng is a Cantonese surname, not two initials"),
]


@pytest.mark.parametrize(("query", "candidate", "expected", "reason"), CASES)
def test_person_names(
    screener: Screener, query: str, candidate: str, expected: bool, reason: str
) -> None:
    score, why = screener.compare(Query(query, schema="Person"), candidate)
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score, why)


ORG_CASES = [
    ("ПАО НК Роснефть", "Rosneft Oil Company", True, "Cyrillic legal form and abbreviation"),
    ("OOO Romashka", "Romashka LLC", True, "OOO is LLC"),
    ("Romashka Limited Liability Company", "ООО Ромашка", True, "LLC spelled out vs Cyrillic"),
    ("Siemens GmbH", "Siemens Limited", True, "legal forms weigh little"),
    ("Emma Daniels", "EMMA LLC", False, "a person's given name is not the company"),
    ("Banco Santander Mexico", "Banco Santander Chile", False, "places that differ"),
    ("Banco Santander", "Banco Santander Chile", False, "compared: a parent and its branch"),
    ("A.B.C. Company", "C.B.A. Company", False, "an acronym is one word, in its order"),
]


@pytest.mark.parametrize(("query", "candidate", "expected", "reason"), ORG_CASES)
def test_organisation_names(
    screener: Screener, query: str, candidate: str, expected: bool, reason: str
) -> None:
    score, why = screener.compare(Query(query, schema="Company"), candidate)
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score, why)


def best_score(screener: Screener, name: str, source_id: str) -> float:
    scored = screener.scored(Query(name, schema="Person"), 0.0)
    return max(
        (s for s, e, _ in scored if screener.index.entities[e].source_id == source_id), default=0
    )


# Screening weighs rarity: the same kinds of match on common tokens score lower.
RARITY_CASES = [
    ("Mpano", "7", True, "a rare surname alone is worth an alert"),
    ("Ivanov", "8", False, "a common surname alone is not"),
    ("Mpanno", "7", False, "one word met only by likeness is weak evidence of a full name"),
    ("Ayman Zawahiri", "10", True, "a rare full name"),
]


@pytest.mark.parametrize(("query", "source_id", "expected", "reason"), RARITY_CASES)
def test_rarity(
    screener: Screener, query: str, source_id: str, expected: bool, reason: str
) -> None:
    assert (best_score(screener, query, source_id) >= DEFAULT_THRESHOLD) == expected, reason


def test_common_names_score_below_rare_ones(screener: Screener) -> None:
    common = best_score(screener, "Mohammed Ali", "9")
    rare = best_score(screener, "Ayman Zawahiri", "10")
    assert 0 < common < rare


def test_a_person_does_not_hit_a_company(screener: Screener) -> None:
    from watchlist.model.access import SYSTEM

    hits = screener.screen(Query("Emma Daniels", schema="Person"), SYSTEM, threshold=0.3)
    assert not [h for h in hits if h.source_id == "6"]


def test_a_listed_initial_is_evidence_of_a_letter_not_of_a_rare_name() -> None:
    screener = Screener.build([person("1", "Dajani Leila N S"), person("2", "G. Zhukov")])
    # "Sulvor" is rare, but the listed "S" only says the name starts with S.
    assert best_score(screener, "Leila Sulvor", "1") < DEFAULT_THRESHOLD
    # An initial still counts for what it is: the rare surname carries the match.
    assert best_score(screener, "Georgy Zhukov", "2") >= DEFAULT_THRESHOLD


# Screening a list of one name, token weights from the reference corpus of ordinary names.
SCREEN_CASES = [
    ("Zhang Lei", "磊 张", True, "the whole name, read from Han"),
    ("Zhang Lei", "玉华 磊 张", False, "one person, one given name: Yuhua beside Lei is another"),
    ("Kim Sang Ho", "준혁 상호 김", False, "Jun-hyeok beside Sang-ho: another given name"),
    ("Kim Sang Ho", "상호 김", True, "Sang-ho and Kim, read from Hangul"),
    ("Kim Sang Ho", "Junhyeok Sangho Kim", True, "written in Latin: perhaps a middle name"),
    ("Lorenzana Lima Valdemar", "莉 马", False, "Li and Ma, two names, are not a Latin Lima"),
    ("Liu Jingfeng", "晶 峰 刘", True, "two syllables written together in a Chinese name"),
    ("Zine El Abidine Ben Ali", "Benjamin Ali", False, "a listed ben is a particle, no Benjamin"),
    ("Onofre Junior Salcedo", "Marta Junior Salcedo", False, "Junior says which bearer, not who"),
]


@pytest.mark.parametrize(("listed", "query", "expected", "reason"), SCREEN_CASES)
def test_screening_one_name(listed: str, query: str, expected: bool, reason: str) -> None:
    screener = Screener.build([person("1", listed)])
    score = best_score(screener, query, "1")
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score)


# A query without a schema is spelt as a company's name too: its given names read from Han
# meet a company's words syllable by syllable as well.
HAN_COMPANY_CASES = [
    ("盛 冯", True, "Sheng and Feng: the company's words"),
    ("成 冯", False, "Cheng is not Sheng, however alike the letters"),
]


@pytest.mark.parametrize(("query", "expected", "reason"), HAN_COMPANY_CASES)
def test_a_name_read_from_han_meets_a_company_syllable_by_syllable(
    query: str, expected: bool, reason: str
) -> None:
    company = StoredEntity("test", "1", "Company", {"name": ["Feng Sheng Co., Ltd."]})
    scored = Screener.build([company]).scored(Query(query), 0.0)
    score = max((s for s, _, _ in scored), default=0.0)
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score)


# A query without a schema that reads as a person's name meets a company's, ship's or
# aircraft's name only as a whole.
THING_CASES = [
    ("Company", "Lucero Import S.A.C.", "Shawn Lucero", False, "a person sharing one word"),
    ("Company", "Lucero Import S.A.C.", "Lucero Import", True, "the company's own words"),
    ("Airplane", "M Vito", "Vito Carrera", False, "a given name the aircraft bears"),
    ("Company", "Hangzhou Hongyan Trading", "Hongyan Trading", True, "a generic word: a firm"),
    ("Company", "Andrea Martina Ltd", "Andrea Martina", True, "the whole name, word for word"),
    ("Company", "Andrea Martina Ltd", "Andrea Martinez", False, "a word only like the firm's"),
    ("Organization", "Flores Cartel", "Carol Flores", False, "a given name like a generic word"),
    ("Company", "Gomez Marin Ltda", "Maria Victoria Gomez", False, "a place is a given name too"),
]


@pytest.mark.parametrize(("schema", "listed", "query", "expected", "reason"), THING_CASES)
def test_a_persons_name_meets_a_thing_only_as_a_whole(
    schema: str, listed: str, query: str, expected: bool, reason: str
) -> None:
    thing = StoredEntity("test", "1", schema, {"name": [listed]})
    scored = Screener.build([thing]).scored(Query(query), 0.0)
    score = max((s for s, _, _ in scored), default=0.0)
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score)


def born(source_id: str, name: str, date: str) -> StoredEntity:
    return person(source_id, name, birthDate=[date])


# A birth date confirms a name; it does not make one.
DOB_CASES = [
    ("Maritza Rojas", "Maritza Rojas Montoya", True, "a name matched well, the date in common"),
    ("Cindy Denisse Walker", "Beltran Romero Mireya Denisse", False, "one given name of three"),
    ("Said", "Abd Lillah Dit Abdellah Ahmed Dit Said", True, "all of the query is in the name"),
]


@pytest.mark.parametrize(("query", "listed", "expected", "reason"), DOB_CASES)
def test_a_birth_date_lifts_a_name_it_confirms(
    query: str, listed: str, expected: bool, reason: str
) -> None:
    screener = Screener.build([born("1", listed, "1966-01-01")])
    found = screener.scored(Query.from_fields(query, birth_dates=["1966-01-01"]), 0.0)
    score = max((s for s, _, _ in found), default=0.0)
    assert (score >= DEFAULT_THRESHOLD) == expected, (reason, score)
    # The features say what the score is: the name and what each other feature added.
    for total, _, features in found:
        assert total == pytest.approx(min(1.0, sum(f.value for f in features)))
