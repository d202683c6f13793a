#!/usr/bin/env python3
r"""Generate schemas/opportunity.schema.json from the botocore service model.

Usage (from anywhere):  python3 tools/gen_schemas.py [--check]

The `Opportunity` half of a draft record is exactly the body of a Partner
Central Selling `CreateOpportunity` call, plus the `RelatedEntityIdentifiers`
the partner associates right after creation. Instead of typing that schema by
hand, this script derives it from the vendored botocore model in
schemas/source/ so that the linter checks exactly what AWS's SDKs check.

Python 3 standard library only. Output is deterministic (sorted keys, 2-space
indent, trailing newline), so re-running it on an unchanged model is a no-op
and `--check` can tell whether the committed file is stale.

Translation rules (JSON Schema draft 2020-12):
  * one `$defs` entry per structure, list and enum shape that is used, named
    after the shape and referenced with `#/$defs/Name`; other string shapes
    are inlined;
  * structures: `additionalProperties: false`, `properties` and `required`
    exactly as the model;
  * botocore patterns are unanchored but full-match, so they are emitted as
    `^(?:PATTERN)$`, except that length constraints become minLength/maxLength,
    which give clearer messages than a failed regex: `(?s).{m,n}` entirely;
    `.{m,n}` (no `(?s)`, so no line breaks either; only ClientToken) keeps
    `^[^\n\r]*$`; a leading `(?=.{m,n}$)` look-ahead (Email, Tag Key/Value)
    leaves the rest of the pattern, which then needs no look-around at all;
  * every pattern is checked to compile with Python `re` and to avoid what
    Rust's regex/fancy-regex reject (look-behind, possessive quantifiers...).
    Tag Key/Value use `\p{L}\p{Z}\p{N}`, valid in Rust and ECMA-262 but not in
    Python `re`; those escapes are masked for the Python compile check;
  * no `null` anywhere: the linter drops null members before validating
    (AWS treats null as absent);
  * no `anyOf`/`oneOf`/`allOf`: the linter reports one most-relevant error.
"""

import argparse
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "schemas" / "source" / "partnercentral-selling.service-2.json"
OUTPUT = ROOT / "schemas" / "opportunity.schema.json"

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://acelint.dev/schemas/opportunity.schema.json"

ROOT_SHAPE = "CreateOpportunityRequest"
# Extra root properties taken from another operation's shape: (response shape, member).
EXTRA_ROOT_MEMBERS = [("GetOpportunityResponse", "RelatedEntityIdentifiers")]

# Enum values AWS accepts and returns although the SDK enum lacks them.
# `Do Not Need Support from AWS Sales Rep` appears in GetOpportunity responses
# and in AWS's data model workbook; a separate lint forbids mixing it with
# Co-Sell needs, so the schema must not reject it outright.
LEGACY_ENUM_VALUES = {
    "PrimaryNeedFromAws": ["Do Not Need Support from AWS Sales Rep"],
}
# Values AWS accepts beside a shape's pattern: a solution may be `Other`
# (with Project.OtherSolutionDescription), per AWS's data model workbook.
LEGACY_PATTERN_ALTERNATIVES = {
    "SolutionIdentifier": ["Other"],
}
LEGACY_ENUM_DESCRIPTIONS = {
    "PrimaryNeedFromAws": (
        "Support the partner needs from AWS. Also accepts the legacy value "
        "'Do Not Need Support from AWS Sales Rep', which AWS still accepts and returns."
    ),
}

# What `.` (without the s flag) refuses: used when a length-only pattern lacks
# `(?s)` and so also forbids line breaks (ClientToken's `.{1,255}`).
NO_LINE_BREAK_PATTERN = "^[^\\n\\r]*$"

DESCRIPTION_LIMIT = 200

# `(?s).{m,n}` and friends: the whole pattern is a length constraint.
LENGTH_ONLY = re.compile(r"^(\(\?s\))?\.(\{(\d+)(,(\d*))?\}|\*|\+)$")
# A leading `(?=.{m,n}$)` look-ahead is a length constraint on the rest.
LENGTH_LOOKAHEAD = re.compile(r"^\(\?=\.\{(\d+),(\d+)\}\$\)(.*)$", re.S)


class GenerationError(Exception):
    pass


# ---------------------------------------------------------------- descriptions


def first_sentence(doc):
    """First sentence of a botocore documentation string, as plain text."""
    if not doc:
        return None
    # Paragraph and list boundaries end a sentence even without a full stop.
    text = re.sub(r"</(p|li)>|<br\s*/?>", ". ", doc)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\.(\s*\.)+", ".", text)  # ". ." left by the replacements
    text = re.sub(r":\s*\.", ":", text)
    if not text or text == ".":
        return None
    # A full stop followed by a space and a capital letter or the end of text;
    # "e.g." and "i.e." are not sentence ends.
    match = re.search(r"(?<!e\.g)(?<!i\.e)[.!?](?=\s+[A-Z\"`(]|\s*$)", text)
    sentence = text[: match.end()] if match else text
    sentence = sentence.strip()
    if len(sentence) > DESCRIPTION_LIMIT:
        cut = sentence[: DESCRIPTION_LIMIT - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        sentence = cut.rstrip(" ,;:") + "…"
    return sentence


# ---------------------------------------------------------------- patterns


def split_length_constraint(pattern):
    """Split a botocore pattern into (min_len, max_len, rest_pattern).

    Returns the length bounds the pattern encodes (None when absent) and the
    pattern still needed after the bounds are moved to minLength/maxLength
    (None when nothing is left).
    """
    m = LENGTH_ONLY.match(pattern)
    if m:
        dotall, quant, lo, comma, hi = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        if quant == "*":
            bounds = (0, None)
        elif quant == "+":
            bounds = (1, None)
        elif comma is None:
            bounds = (int(lo), int(lo))
        else:
            bounds = (int(lo), int(hi) if hi else None)
        # Without (?s), `.` refuses line breaks, so that part has to stay.
        return bounds[0], bounds[1], (None if dotall else NO_LINE_BREAK_PATTERN)
    m = LENGTH_LOOKAHEAD.match(pattern)
    if m:
        rest = m.group(3)
        # The look-ahead's `.` also refuses line breaks; dropping it is only
        # sound when the rest cannot match one anyway. Otherwise keep it all
        # (fancy-regex supports look-ahead).
        if may_match_line_break(rest):
            return None, None, "^(?:" + pattern + ")$"
        return int(m.group(1)), int(m.group(2)), "^(?:" + rest + ")$"
    return None, None, "^(?:" + pattern + ")$"


def may_match_line_break(pattern):
    """Conservatively, whether the pattern has an atom that can match `\\n` or
    `\\r`: an unescaped `.` outside a class, a negated class, a negated or
    whitespace shorthand, a negated property class, or a literal `\\n`/`\\r`."""
    risky_escapes = set("sSDWPnr")
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2] in risky_escapes:
                return True
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                return True
        elif c == ".":
            return True
        i += 1
    return False


# Constructs that Rust's `regex` / `fancy-regex` (through the `jsonschema`
# crate's ECMA-262 front end) reject or that have no ECMA-262 meaning.
RUST_UNSUPPORTED = [
    (re.compile(r"\(\?<[=!]"), "look-behind"),
    (re.compile(r"\(\?>"), "atomic group"),
    (re.compile(r"\(\?P"), "Python named group"),
    (re.compile(r"\(\?[a-zA-Z-]+\)"), "inline flag group"),
    (re.compile(r"\\[1-9]"), "back-reference"),
    (re.compile(r"\\[AzZGQE]"), "non-ECMA escape"),
    (re.compile(r"([*+?}])\+"), "possessive quantifier"),
]


def strip_classes_and_escapes(pattern):
    """The pattern with character classes and escaped characters blanked out,
    so that structural checks do not trip over `[*+]` or `\\+`."""
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            escaped = pattern[i + 1 : i + 2]
            if not in_class:
                # Keep letter/digit escapes (\\1, \\z) visible; blank the rest.
                out.append("\\" + escaped if escaped.isalnum() else "_")
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append("]")
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append("[")
            i += 1
            if i < len(pattern) and pattern[i] == "^":
                i += 1
            if i < len(pattern) and pattern[i] == "]":
                i += 1  # a leading `]` is literal
            continue
        out.append(c)
        i += 1
    return "".join(out)


def check_pattern(pattern, where, notes):
    """Fail unless the pattern compiles with Python `re` and uses nothing Rust
    rejects. Unicode property escapes (`\\p{L}`) are valid in Rust and
    ECMA-262 (u flag) but unknown to Python `re`: they are masked for the
    Python compile check and noted."""
    for rx, what in RUST_UNSUPPORTED:
        if rx.search(strip_classes_and_escapes(pattern)):
            raise GenerationError(f"{where}: {what} in pattern {pattern!r}")
    masked, count = re.subn(r"\\[pP]\{[A-Za-z_=]+\}", "a", pattern)
    if count:
        notes.append(f"{where}: Unicode property classes in {pattern!r}; Python re cannot compile them (checked masked)")
    try:
        re.compile(masked)
    except re.error as err:
        raise GenerationError(f"{where}: pattern {pattern!r} does not compile with Python re: {err}")


# ---------------------------------------------------------------- shapes


class Generator:
    def __init__(self, model):
        self.shapes = model["shapes"]
        self.defs = {}
        self.notes = []

    def shape(self, name):
        try:
            return self.shapes[name]
        except KeyError:
            raise GenerationError(f"shape {name!r} is not in the model")

    def needs_def(self, shape):
        return shape["type"] in ("structure", "list") or "enum" in shape

    def schema_for(self, name, doc=None):
        """Schema used at a member or list-item position for shape `name`."""
        shape = self.shape(name)
        if self.needs_def(shape):
            self.define(name)
            schema = {"$ref": "#/$defs/" + name}
        else:
            schema = self.scalar(name, shape)
        description = first_sentence(doc)
        if description:
            schema["description"] = description
        return schema

    def define(self, name):
        if name in self.defs:
            return
        self.defs[name] = None  # placeholder: guards against recursive shapes
        shape = self.shape(name)
        kind = shape["type"]
        if kind == "structure":
            body = self.structure(name, shape)
        elif kind == "list":
            body = self.list(name, shape)
        else:
            body = self.scalar(name, shape)
        description = LEGACY_ENUM_DESCRIPTIONS.get(name) or first_sentence(shape.get("documentation"))
        if description:
            body["description"] = description
        self.defs[name] = body

    def structure(self, name, shape, extra_members=()):
        members = dict(shape.get("members", {}))
        for member_name, member in extra_members:
            if member_name in members:
                raise GenerationError(f"{name}: extra member {member_name} already present")
            members[member_name] = member
        properties = {
            member_name: self.schema_for(member["shape"], member.get("documentation"))
            for member_name, member in members.items()
        }
        body = {"type": "object", "additionalProperties": False, "properties": properties}
        required = shape.get("required", [])
        for member_name in required:
            if member_name not in members:
                raise GenerationError(f"{name}: required member {member_name} is not a member")
        if required:
            body["required"] = list(required)
        return body

    def list(self, name, shape):
        member = shape["member"]
        body = {"type": "array", "items": self.schema_for(member["shape"], member.get("documentation"))}
        if "min" in shape and shape["min"] > 0:
            body["minItems"] = shape["min"]
        if "max" in shape:
            body["maxItems"] = shape["max"]
        return body

    def scalar(self, name, shape):
        kind = shape["type"]
        if kind == "string":
            return self.string(name, shape)
        if kind == "timestamp":
            return {"type": "string", "format": "date-time"}
        if kind in ("integer", "long"):
            body = {"type": "integer"}
        elif kind in ("double", "float"):
            body = {"type": "number"}
        elif kind == "boolean":
            return {"type": "boolean"}
        else:
            raise GenerationError(f"{name}: unsupported shape type {kind!r}")
        if "min" in shape:
            body["minimum"] = shape["min"]
        if "max" in shape:
            body["maximum"] = shape["max"]
        return body

    def string(self, name, shape):
        body = {"type": "string"}
        if "enum" in shape:
            values = list(shape["enum"]) + [v for v in LEGACY_ENUM_VALUES.get(name, []) if v not in shape["enum"]]
            body["enum"] = values
        lo, hi = shape.get("min"), shape.get("max")
        if "pattern" in shape:
            p_lo, p_hi, pattern = split_length_constraint(shape["pattern"])
            # Both the shape's min/max and the pattern apply: keep the tighter.
            lo = p_lo if lo is None else (lo if p_lo is None else max(lo, p_lo))
            hi = p_hi if hi is None else (hi if p_hi is None else min(hi, p_hi))
            if pattern is not None:
                check_pattern(pattern, name, self.notes)
                extra = LEGACY_PATTERN_ALTERNATIVES.get(name, [])
                if extra:
                    pattern = pattern[:-2] + "".join("|" + re.escape(v) for v in extra) + ")$"
                body["pattern"] = pattern
        if lo:
            body["minLength"] = lo
        if hi is not None:
            body["maxLength"] = hi
        return body

    def root(self):
        shape = self.shape(ROOT_SHAPE)
        extra = []
        for response, member_name in EXTRA_ROOT_MEMBERS:
            extra.append((member_name, self.shape(response)["members"][member_name]))
        body = self.structure(ROOT_SHAPE, shape, extra)
        unused = sorted(set(LEGACY_ENUM_VALUES) - set(self.defs))
        if unused:
            raise GenerationError(f"legacy enum values for shapes that are not used: {unused}")
        return body


def build(model):
    gen = Generator(model)
    root = gen.root()
    meta = model.get("metadata", {})
    schema = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "$comment": (
            "Generated by tools/gen_schemas.py from schemas/source/partnercentral-selling.service-2.json "
            f"(botocore model {meta.get('uid', '?')}, Apache-2.0, see schemas/source/LICENSE-botocore). "
            "Do not edit by hand."
        ),
        "title": "Partner Central Selling CreateOpportunity request",
        "description": (
            "The Opportunity half of an acelint draft record: the body of a CreateOpportunity call, "
            "plus the RelatedEntityIdentifiers to associate after creation."
        ),
        **root,
        "$defs": gen.defs,
    }
    assert_no_combinators_or_null(schema, "#")
    return schema, gen.notes


def assert_no_combinators_or_null(node, where):
    """The linter's error reporting relies on these two properties."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("anyOf", "oneOf", "allOf"):
                raise GenerationError(f"{where}: {key} emitted")
            if key == "type" and (value == "null" or (isinstance(value, list) and "null" in value)):
                raise GenerationError(f"{where}: null allowed")
            assert_no_combinators_or_null(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if value is None:
                raise GenerationError(f"{where}/{index}: null value")
            assert_no_combinators_or_null(value, f"{where}/{index}")


def render(schema):
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed schema is out of date")
    args = parser.parse_args(argv)
    with open(MODEL, encoding="utf-8") as f:
        model = json.load(f)
    try:
        schema, notes = build(model)
    except GenerationError as err:
        print(f"gen_schemas: error: {err}", file=sys.stderr)
        return 2
    text = render(schema)
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            print(f"gen_schemas: {OUTPUT.relative_to(ROOT)} is out of date; run python3 tools/gen_schemas.py", file=sys.stderr)
            return 1
        return 0
    for note in notes:
        print(f"gen_schemas: note: {note}", file=sys.stderr)
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"gen_schemas: wrote {OUTPUT.relative_to(ROOT)} ({len(schema['$defs'])} $defs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
