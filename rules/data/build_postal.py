#!/usr/bin/env python3
"""Build postal-codes.json and no-postal-code.json from AWS's CSVs.

Inputs (copied unchanged from aws-samples/partner-crm-integration-samples,
opportunity-samples/, MIT licence, see LICENSE-aws-samples):
  source/PostalCodeValidations.csv      Name, Validation Error Message
  source/CountriesWithoutPostalCode.csv one country name per line

The CSVs name countries with ACE's legacy English picklist names; the
Partner Central API uses ISO 3166-1 alpha-2 codes (the CountryCode enum).
COUNTRY_CODES below is the hand-made mapping of every legacy picklist name
(Opportunity_-_StandardValues.csv, column `country`) to its code.

Format notation in AWS's messages: `9` is a digit, `A` a letter, anything
else is literal; where an alternative uses `N` (973NN, 4789N) or holds other
digits (97133, 1101), `N` is the digit and the digits are literal. Two formats do not follow that notation and are
overridden by hand (FORMAT_OVERRIDES); see README.md.

Usage: python3 build_postal.py            (writes next to this script)
       python3 build_postal.py --check    (exit 1 if the outputs are stale)
No third-party modules; needs Python 3.8+.
"""

import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source")
MODEL = os.path.join(HERE, "..", "..", "schemas", "source",
                     "partnercentral-selling.service-2.json")

# Legacy ACE country name -> ISO 3166-1 alpha-2. None = no code in AWS's enum.
COUNTRY_CODES = {
    "United States": "US", "Afghanistan": "AF", "Aland Islands": "AX",
    "Albania": "AL", "Algeria": "DZ", "American Samoa": "AS", "Andorra": "AD",
    "Angola": "AO", "Anguilla": "AI", "Antarctica": "AQ",
    "Antigua And Barbuda": "AG", "Argentina": "AR", "Armenia": "AM",
    "Aruba": "AW", "Australia": "AU", "Austria": "AT", "Azerbaijan": "AZ",
    "Bahamas": "BS", "Bahrain": "BH", "Bangladesh": "BD", "Barbados": "BB",
    "Belarus": "BY", "Belgium": "BE", "Belize": "BZ", "Benin": "BJ",
    "Bermuda": "BM", "Bhutan": "BT", "Bolivia": "BO",
    "Bonaire, Sint Eustatius and Saba": "BQ",
    "Bosnia and Herzegovina": "BA", "Botswana": "BW", "Bouvet Island": "BV",
    "Brazil": "BR", "British Indian Ocean Territory": "IO",
    "Brunei Darussalam": "BN", "Bulgaria": "BG", "Burkina Faso": "BF",
    "Burundi": "BI", "Cambodia": "KH", "Cameroon": "CM", "Canada": "CA",
    "Cape Verde": "CV", "Cayman Islands": "KY",
    "Central African Republic": "CF", "Chad": "TD", "Chile": "CL",
    "China": "CN", "Christmas Island": "CX", "Cocos (Keeling) Islands": "CC",
    "Colombia": "CO", "Comoros": "KM", "Congo": "CG", "Cook Islands": "CK",
    "Costa Rica": "CR", "Cote d'Ivoire": "CI", "Croatia": "HR", "Cuba": "CU",
    "Curacao": "CW", "Cyprus": "CY", "Czech Republic": "CZ",
    "Democratic Republic Of The Congo": "CD", "Denmark": "DK",
    "Djibouti": "DJ", "Dominica": "DM", "Dominican Republic": "DO",
    "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV",
    "Equatorial Guinea": "GQ", "Eritrea": "ER", "Estonia": "EE",
    "Ethiopia": "ET", "Falkland Islands (Malvinas)": "FK",
    "Faroe Islands": "FO", "Fiji": "FJ", "Finland": "FI", "France": "FR",
    "French Guiana": "GF", "French Polynesia": "PF",
    "French Southern Territories": "TF", "Gabon": "GA", "Gambia": "GM",
    "Georgia": "GE", "Germany": "DE", "Ghana": "GH", "Gibraltar": "GI",
    "Great Britain": "GB", "Greece": "GR", "Greenland": "GL", "Grenada": "GD",
    "Guadeloupe": "GP", "Guam": "GU", "Guatemala": "GT", "Guernsey": "GG",
    "Guinea": "GN", "Guinea-Bissau": "GW", "Guyana": "GY", "Haiti": "HT",
    "Heard Island and McDonald Islands": "HM",
    "Holy See (Vatican City State)": "VA", "Honduras": "HN",
    "Hong Kong": "HK", "Hungary": "HU", "Iceland": "IS", "India": "IN",
    "Indonesia": "ID", "Iran, Islamic Republic Of": "IR", "Iraq": "IQ",
    "Ireland": "IE", "Isle of Man": "IM", "Israel": "IL", "Italy": "IT",
    "Jamaica": "JM", "Japan": "JP", "Jersey": "JE", "Jordan": "JO",
    "Kazakhstan": "KZ", "Kenya": "KE", "Kiribati": "KI",
    # AWS's enum has KR but no KP, and the 5-digit format is South Korea's.
    "Korea": "KR",
    "Kuwait": "KW", "Kyrgyzstan": "KG",
    "Lao People's Democratic Republic": "LA", "Latvia": "LV",
    "Lebanon": "LB", "Lesotho": "LS", "Liberia": "LR",
    "Libyan Arab Jamahiriya": "LY", "Liechtenstein": "LI",
    "Lithuania": "LT", "Luxembourg": "LU", "MACAO": "MO",
    "Macedonia, The former Yugoslav Republic Of": "MK", "Madagascar": "MG",
    "Malawi": "MW", "Malaysia": "MY", "Maldives": "MV", "Mali": "ML",
    "Malta": "MT", "Marshall Islands": "MH", "Martinique": "MQ",
    "Mauritania": "MR", "Mauritius": "MU", "Mayotte": "YT", "Mexico": "MX",
    "Micronesia, Federated States of": "FM", "Moldova, Republic of": "MD",
    "Monaco": "MC", "Mongolia": "MN", "Montenegro": "ME",
    "Montserrat": "MS", "Morocco": "MA", "Mozambique": "MZ",
    "Myanmar": "MM", "Namibia": "NA", "Nauru": "NR", "Nepal": "NP",
    "Netherlands": "NL", "Netherlands Antilles": "AN",
    "New Caledonia": "NC", "New Zealand": "NZ", "Nicaragua": "NI",
    "Niger": "NE", "Nigeria": "NG", "Niue": "NU", "Norfolk Island": "NF",
    "Northern Mariana Islands": "MP", "Norway": "NO", "Oman": "OM",
    "Pakistan": "PK", "Palau": "PW", "Palestinian Territory, Occupied": "PS",
    "Panama": "PA", "Papua New Guinea": "PG", "Paraguay": "PY", "Peru": "PE",
    "Philippines": "PH", "Pitcairn": "PN", "Poland": "PL", "Portugal": "PT",
    "Puerto Rico": "PR", "Qatar": "QA", "Reunion": "RE", "Romania": "RO",
    "Russia": "RU", "Rwanda": "RW", "Saint Barthelemy": "BL",
    "Saint Helena, Ascension and Tristan Da Cunha": "SH",
    "Saint Kitts and Nevis": "KN", "Saint Lucia": "LC",
    "Saint Martin (French Part)": "MF", "Saint Pierre and Miquelon": "PM",
    "Saint Vincent and the Grenadines": "VC", "Samoa": "WS",
    "San Marino": "SM", "Sao Tome and Principe": "ST",
    "Saudi Arabia": "SA", "Senegal": "SN", "Serbia": "RS",
    # Former union (ISO CS, withdrawn 2006); not in AWS's CountryCode enum.
    # Serbia (RS) and Montenegro (ME) have rows of their own.
    "Serbia and Montenegro": None,
    "Seychelles": "SC", "Sierra Leone": "SL", "Singapore": "SG",
    "Sint Maarten (Dutch Part)": "SX", "Slovakia": "SK", "Slovenia": "SI",
    "Solomon Islands": "SB", "Somalia": "SO", "South Africa": "ZA",
    "South Georgia and the South Sandwich Islands": "GS",
    "South Sudan": "SS", "Spain": "ES", "Sri Lanka": "LK", "Sudan": "SD",
    "Suriname": "SR", "Svalbard and Jan Mayen": "SJ",
    "Swaziland": "SZ",  # Eswatini
    "Sweden": "SE", "Switzerland": "CH", "Syrian Arab Republic": "SY",
    "Taiwan": "TW", "Tajikistan": "TJ", "Tanzania": "TZ", "Thailand": "TH",
    "Timor-Leste": "TL", "Togo": "TG", "Tokelau": "TK", "Tonga": "TO",
    "Trinidad and Tobago": "TT", "Tunisia": "TN", "Turkey": "TR",
    "Turkmenistan": "TM", "Turks and Caicos Islands": "TC", "Tuvalu": "TV",
    "Uganda": "UG", "Ukraine": "UA", "United Arab Emirates": "AE",
    "United Kingdom": "GB", "United States Minor Outlying Islands": "UM",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Vanuatu": "VU",
    "Venezuela": "VE", "Viet Nam": "VN", "VIRGIN ISLANDS, BRITISH": "VG",
    "VIRGIN ISLANDS, U.S.": "VI", "Wallis and Futuna": "WF",
    "Western Sahara": "EH", "Yemen": "YE", "Zambia": "ZM", "Zimbabwe": "ZW",
}

# Where two CSV rows map to one code, the row whose name is the primary one.
PRIMARY_NAME = {"GB": "United Kingdom"}

# Formats that do not follow the 9/A/literal notation.
UK_NOTE = ("AWS writes the United Kingdom format in its own notation: "
           "A = letter, N = digit, (A) = optional letter, (A/N) = optional "
           "letter or digit. The Great Britain row gives two example "
           "postcodes (DT3 6GB, L2 2DP) instead of a format; both match.")
UK_PATTERNS = [
    "^[A-Za-z][A-Za-z]?[0-9][A-Za-z0-9]?[0-9][A-Za-z]{2}$",
    "^[A-Za-z][A-Za-z]?[0-9][A-Za-z0-9]? [0-9][A-Za-z]{2}$",
]
FORMAT_OVERRIDES = {
    "United Kingdom": (UK_PATTERNS, UK_NOTE),
    "Great Britain": (UK_PATTERNS, UK_NOTE),
    "Netherlands": (
        ["^[0-9]{4} [A-Za-z]{2}$", "^[0-9]{4}[A-Za-z]{2}$"],
        "`AC` in AWS's format stands for two letters (Dutch postcodes end in "
        "two letters), not for a letter followed by a literal C."),
}

# Entries whose format, read literally, is narrower than real postcodes of
# the country; kept as AWS wrote it (the linter predicts AWS's check), noted.
NARROW_NOTES = {
    "Brunei Darussalam": "Read literally, KB is a fixed prefix; real Brunei "
                         "postcodes use other two-letter prefixes too.",
    "Swaziland": "Read literally, M is a fixed prefix; real Eswatini "
                 "postcodes start with other letters too.",
    "Ireland": "Real Eircodes mix letters and digits freely in the last four "
               "characters; AWS's format accepts only the pattern it shows.",
    "Holy See (Vatican City State)": "AWS's format is the literal 120; the "
                                     "postcode in use is 00120.",
    "El Salvador": "AWS's format is the literal 1101.",
    "Saudi Arabia": "Only the long 99999-9999 form is listed; the five-digit "
                    "form alone does not match.",
}

FMT_RE = re.compile(r" postal code must be in (?P<fmt>.*) format\.$")
ALT_SPLIT = re.compile(r"\s+(?:OR|or)\s+")
LETTER = "[A-Za-z]"
DIGIT = "[0-9]"


def norm(name):
    """Key for matching name spellings across AWS's files."""
    return re.sub(r"[^a-z0-9]", "", name.casefold().replace("&", "and"))


NORM_CODES = {norm(k): v for k, v in COUNTRY_CODES.items()}
CANONICAL = {norm(k): k for k in COUNTRY_CODES}


def code_for(name):
    key = norm(name)
    if key not in NORM_CODES:
        raise SystemExit(f"no mapping for country name {name!r}")
    return NORM_CODES[key]


def literal_digits(alt):
    """True when the digits of an alternative are literal: it uses N as the
    digit placeholder (973NN, 4789N) or holds a digit other than 9 (97133,
    1101, 120). Otherwise every 9 is a placeholder."""
    return "N" in alt or re.search(r"[0-8]", alt) is not None


def alt_to_regex(alt):
    """One alternative of AWS's notation to an anchored regex."""
    out = []
    placeholders = "N" if literal_digits(alt) else "9"
    for ch in alt:
        if ch in placeholders:
            out.append(DIGIT)
        elif ch == "A":
            out.append(LETTER)
        elif re.fullmatch(r"[A-Za-z0-9 \-]", ch):
            out.append(ch)
        else:
            raise SystemExit(f"unexpected character {ch!r} in format {alt!r}")
    # collapse runs of the same class: [0-9][0-9][0-9] -> [0-9]{3}
    res, i = [], 0
    while i < len(out):
        j = i
        while j < len(out) and out[j] == out[i]:
            j += 1
        n = j - i
        tok = out[i]
        if tok in (DIGIT, LETTER) and n > 1:
            res.append(f"{tok}{{{n}}}")
        else:
            res.append(tok * n)
        i = j
    return "^" + "".join(res) + "$"


def alt_example(alt):
    """A value built from one alternative: 9/N -> digit, A -> letter."""
    placeholders = "N" if literal_digits(alt) else "9"
    return "".join("7" if ch in placeholders else "K" if ch == "A" else ch
                   for ch in alt)


# Examples for the overridden formats (the others are built by alt_example).
OVERRIDE_EXAMPLES = {
    "United Kingdom": ["KK7K 7KK", "K7 7KK", "KK77 7KK", "K77KK"],
    "Great Britain": ["DT3 6GB", "L2 2DP"],
    "Netherlands": ["7777 KK", "7777KK"],
}

# Real postcodes that the overridden or tricky patterns must accept.
REAL_SAMPLES = {
    "GB": ["SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH",
           "DN55 1PT", "DT3 6GB", "L2 2DP", "SW1A1AA"],
    "NL": ["1012 AB", "1012AB"],
    "US": ["10001", "10001-1234"],
    "CA": ["M5V 3L9", "M5V3L9"],
    "SE": ["114 55", "SE-11455", "S-11455", "11455"],
    "FR": ["75008"], "JP": ["100-0001", "1000001"], "BR": ["01310-100"],
    "PL": ["00-950"], "PT": ["1000-001"], "IN": ["110 001", "110001"],
    "MC": ["98000"], "GF": ["97300"], "SM": ["47890"], "BE": ["B-1000"],
    "LT": ["LT-01100"], "MT": ["VLT 1117"], "CZ": ["110 00"],
}


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def load_enum():
    if not os.path.exists(MODEL):
        return None
    with open(MODEL, encoding="utf-8") as f:
        return set(json.load(f)["shapes"]["CountryCode"]["enum"])


def build():
    enum = load_enum()
    if enum is not None:
        mapped = {c for c in COUNTRY_CODES.values() if c}
        if mapped != enum:
            raise SystemExit(f"mapping vs enum: missing {sorted(enum - mapped)}"
                             f", extra {sorted(mapped - enum)}")
    unmapped = []
    postal = {}
    rows = read_rows(os.path.join(SRC, "PostalCodeValidations.csv"))
    assert rows[0] == ["Name", "Validation Error Message"], rows[0]
    for name, message in rows[1:]:
        m = FMT_RE.search(message)
        if not m:
            raise SystemExit(f"message of {name!r} has an unexpected shape")
        fmt = m["fmt"]
        # The message repeats the country name, sometimes spelt differently
        # (`Saint Martin (French Part )`); the message is kept verbatim.
        expected = (f"The postal code is invalid for country {name}, {name} "
                    f"postal code must be in {fmt} format.")
        if norm(expected) != norm(message):
            raise SystemExit(f"message of {name!r} has an unexpected shape")
        code = code_for(name)
        if code is None:
            unmapped.append({"country": name, "format": fmt,
                             "file": "PostalCodeValidations.csv"})
            continue
        if enum is not None and code not in enum:
            raise SystemExit(f"{code} ({name}) is not in the CountryCode enum")
        alts = ALT_SPLIT.split(fmt)
        note = None
        if name in FORMAT_OVERRIDES:
            patterns, note = FORMAT_OVERRIDES[name]
        else:
            patterns = [alt_to_regex(a) for a in alts]
            note = NARROW_NOTES.get(name)
        for p in patterns:
            re.compile(p)
        # every alternative's own example must match some pattern
        examples = OVERRIDE_EXAMPLES.get(name) or [alt_example(a) for a in alts]
        for ex in examples:
            if not any(re.fullmatch(p, ex) for p in patterns):
                raise SystemExit(f"{name}: example {ex!r} matches no pattern")
        entry = {"country": name, "format": fmt, "patterns": patterns,
                 "message": message}
        if note:
            entry["note"] = note
        if code in postal:
            primary = PRIMARY_NAME.get(code)
            if primary is None:
                raise SystemExit(f"two rows map to {code}: {name!r}")
            if name == primary:
                entry["aliases"] = postal[code].get("aliases", []) + [
                    {k: postal[code][k] for k in ("country", "format", "message")}]
                postal[code] = entry
            else:
                postal[code].setdefault("aliases", []).append(
                    {k: entry[k] for k in ("country", "format", "message")})
        else:
            postal[code] = entry
    for code, samples in REAL_SAMPLES.items():
        for s in samples:
            if not any(re.fullmatch(p, s) for p in postal[code]["patterns"]):
                raise SystemExit(f"{code}: real sample {s!r} rejected")

    none = {}
    rows = read_rows(os.path.join(SRC, "CountriesWithoutPostalCode.csv"))
    assert rows[0] == ["Countries without Postal Code"], rows[0]
    for (name,) in rows[1:]:
        code = code_for(name)
        if code is None:
            unmapped.append({"country": name,
                             "file": "CountriesWithoutPostalCode.csv"})
            continue
        if enum is not None and code not in enum:
            raise SystemExit(f"{code} ({name}) is not in the CountryCode enum")
        if code in none:
            raise SystemExit(f"two rows map to {code}")
        if code in postal:
            raise SystemExit(f"{code} both has and has no postal code")
        # the picklist spelling (the CSV has `Bonaire,Sint ...`, double spaces)
        none[code] = {"country": CANONICAL[norm(name)]}

    postal = dict(sorted(postal.items()))
    none = dict(sorted(none.items()))
    return postal, none, unmapped


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def main():
    postal, none, unmapped = build()
    outputs = {
        os.path.join(HERE, "postal-codes.json"): dump(postal),
        os.path.join(HERE, "no-postal-code.json"): dump(none),
    }
    check = "--check" in sys.argv[1:]
    stale = False
    for path, text in outputs.items():
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    stale |= f.read() != text
            except FileNotFoundError:
                stale = True
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print(f"{len(postal)} countries with a format, {len(none)} without a "
          f"postal code", file=sys.stderr)
    for u in unmapped:
        print(f"unmapped: {u['country']} ({u['file']})", file=sys.stderr)
    if check and stale:
        print("outputs are stale: run build_postal.py", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
