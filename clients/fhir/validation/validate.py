#!/usr/bin/env python3
"""Validate FHIR R5 (5.0.0) JSON resources with three independent checkers.

Usage: python3 validate.py [--package-dir DIR] [-v] FILE_OR_DIR...

Each ``*.json`` file named, or directly inside a directory named, holds one FHIR
resource. Prints ``ok <file> <resourceType>`` for a passing resource, else one
``fail <file> <validator> <element path>: <message>`` line per problem. Exit
status: 0 all passed, 1 some failed, 2 usage error (bad path, no files, HL7
package or Python packages missing).

fhir.resources  PyPI ``fhir.resources`` 8.x Pydantic models (FHIR R5). Catches
    unknown elements, wrong JSON types, missing required elements (1..*, also
    primitives), malformed primitives (id, dateTime, instant...), unknown
    resource types. Does not check codes against value sets.
json-schema     HL7's ``openapi/fhir.schema.json`` (JSON Schema draft-06) from
    the npm package ``hl7.fhir.r5.core`` 5.0.0, run by PyPI ``jsonschema``.
    Catches unknown elements, wrong JSON types, missing required complex
    elements, primitive regex violations. It has no ``required`` for primitive
    elements (Bundle.type, Device.udiCarrier.issuer) and no enums for resource
    codes (Device.status is any ``code``); only a few datatypes have enums.
binding         Codes (code, Coding, CodeableConcept, CodeableReference.concept)
    under REQUIRED bindings of the package's StructureDefinitions, in the
    resource, its backbone elements, its complex datatypes and nested resources
    (Bundle.entry.resource, contained), must be in the package's ValueSet.
    Only simple value sets are expanded (explicit concepts, complete
    CodeSystems, imported value sets); others (filters, excludes, external
    systems like BCP-47 languages, BCP-13 mime types) are skipped: see ``-v``.

None of them checks: FHIRPath invariants (e.g. cpb-2, dom-3), profiles and
slicing, extensible/preferred bindings, external terminologies (SNOMED, LOINC,
UCUM, languages, mime types), Coding.display, whether references resolve.
"""
import argparse
import json
import sys
from pathlib import Path

try:
    import fhir.resources
    import jsonschema
    import pydantic
except ImportError as exc:
    print(f"validate.py: {exc}; run: pip install -r requirements.txt", file=sys.stderr)
    sys.exit(2)

DEFAULT_PACKAGE = Path(__file__).resolve().parent / "node_modules" / "hl7.fhir.r5.core"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dotted(root, parts):
    """('entry', 0, 'resource') -> 'Bundle.entry[0].resource'"""
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def check_model(res):
    """fhir.resources: parse the resource with its Pydantic model class."""
    rt = res["resourceType"]
    try:
        fhir.resources.get_fhir_model_class(rt).model_validate(res)
    except pydantic.ValidationError as exc:
        return [(dotted(rt, e["loc"]), e["msg"]) for e in exc.errors()]
    except Exception as exc:  # unknown resourceType: ValueError, KeyError if nested
        return [(rt, f"{type(exc).__name__}: {exc}")]
    return []


class SchemaCheck:
    """HL7 JSON Schema, validated against #/definitions/<resourceType> only."""

    def __init__(self, package):
        self.root = load(package / "openapi" / "fhir.schema.json")
        self.mapping = self.root["discriminator"]["mapping"]  # resourceType -> $ref
        base = jsonschema.validators.validator_for(self.root)  # Draft6Validator
        # Nested resources (Bundle.entry.resource, contained) are a oneOf over all
        # resource types: slow, and its errors are unreadable. Honour the schema's
        # discriminator instead and check only the branch named by resourceType.
        self.base_one_of = base.VALIDATORS["oneOf"]
        self.cls = jsonschema.validators.extend(base, {"oneOf": self.one_of})
        self.validators = {}

    def one_of(self, validator, branches, instance, schema):
        refs = [b.get("$ref") for b in branches]
        if not isinstance(instance, dict) or not set(refs) <= set(self.mapping.values()):
            yield from self.base_one_of(validator, branches, instance, schema)
            return
        ref = self.mapping.get(instance.get("resourceType"))
        if ref not in refs:
            yield jsonschema.ValidationError(f"unknown resourceType {instance.get('resourceType')!r}")
            return
        yield from validator.descend(instance, branches[refs.index(ref)], schema_path=refs.index(ref))

    def __call__(self, res):
        rt = res["resourceType"]
        if rt not in self.mapping:
            return [(rt, f"unknown resourceType {rt!r}")]
        if rt not in self.validators:  # built once per type; shares the root's definitions
            schema = {"allOf": [{"$ref": self.mapping[rt]}], "definitions": self.root["definitions"]}
            self.validators[rt] = self.cls(schema)
        errors = self.validators[rt].iter_errors(res)
        return sorted((dotted(rt, e.absolute_path), e.message[:300]) for e in errors)


class BindingCheck:
    """Codes under required bindings must be in the (simply expanded) value set."""

    def __init__(self, package):
        self.package = package
        self.valuesets = {v["url"]: v for v in map(load, package.glob("ValueSet-*.json"))}
        self.codesystems = {c["url"]: c for c in map(load, package.glob("CodeSystem-*.json"))}
        self.sds, self.expansions, self.unchecked = {}, {}, {}

    def structure(self, type_name):
        """{path: element} of the type's base StructureDefinition snapshot, or None."""
        if type_name not in self.sds:
            f = self.package / f"StructureDefinition-{type_name}.json"
            sd = load(f) if f.is_file() else {}
            ok = sd.get("derivation") == "specialization" and sd.get("type") == type_name
            self.sds[type_name] = {e["path"]: e for e in sd["snapshot"]["element"]} if ok else None
        return self.sds[type_name]

    def expand(self, url):
        """Set of (system, code) in a value set, or a string saying why not."""
        if url not in self.expansions:
            self.expansions[url] = "import cycle"
            self.expansions[url] = self._expand(url)
        return self.expansions[url]

    def _expand(self, url):
        compose = self.valuesets.get(url, {}).get("compose")
        if compose is None:
            return "value set not in package"
        if compose.get("exclude"):
            return "compose.exclude not supported"
        codes = set()
        for inc in compose.get("include", []):
            if inc.get("filter"):
                return "compose.include.filter not supported"
            part, system = None, inc.get("system")
            if system and "concept" in inc:
                part = {(system, c["code"]) for c in inc["concept"]}
            elif system:
                cs = self.codesystems.get(system, {})
                if cs.get("content") != "complete":
                    return f"code system {system} not (completely) in package"
                part = set(self.all_codes(system, cs.get("concept", [])))
            for ref in inc.get("valueSet", []):
                sub = self.expand(ref.split("|")[0])
                if isinstance(sub, str):
                    return f"imported {ref}: {sub}"
                part = sub if part is None else part & sub
            codes |= part or set()
        return codes

    def all_codes(self, system, concepts):
        for c in concepts:  # hierarchical code systems nest concepts
            yield system, c["code"]
            yield from self.all_codes(system, c.get("concept", []))

    def __call__(self, res):
        problems = []
        self.walk(res["resourceType"], res["resourceType"], res, res["resourceType"], problems)
        return problems

    def walk(self, type_name, base, obj, loc, problems):
        """Check JSON object obj, defined at path `base` of type_name's snapshot."""
        elems = self.structure(type_name)
        if elems is None:
            return
        for key, value in obj.items():
            elem, tcode = self.child(elems, base, key)
            if elem is None:
                continue  # _primitive extensions, resourceType, unknown elements
            binding = elem.get("binding", {})
            url = binding.get("strength") == "required" and binding.get("valueSet", "").split("|")[0]
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                here = f"{loc}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
                if url:
                    self.check_code(url, tcode, item, here, elem["path"], problems)
                if not isinstance(item, dict):
                    continue
                if isinstance(item.get("resourceType"), str):  # Bundle.entry.resource, contained
                    self.walk(item["resourceType"], item["resourceType"], item, here, problems)
                elif "contentReference" in elem:  # e.g. Questionnaire.item.item
                    self.walk(type_name, elem["contentReference"].split("#")[-1], item, here, problems)
                elif tcode in ("BackboneElement", "Element"):
                    self.walk(type_name, elem["path"], item, here, problems)
                elif tcode:  # complex datatype: Identifier, Narrative, Extension...
                    self.walk(tcode, tcode, item, here, problems)

    @staticmethod
    def child(elems, base, key):
        """Element definition and type code for JSON property `key` under `base`."""
        elem = elems.get(f"{base}.{key}")
        if elem is not None:
            types = elem.get("type", [])
            return elem, types[0]["code"] if len(types) == 1 else None
        for path, elem in elems.items():  # choice element, e.g. valueCodeableConcept
            stem = path[len(base) + 1:-3]
            if path.startswith(base + ".") and path.endswith("[x]") and "." not in stem and key.startswith(stem):
                for t in elem.get("type", []):
                    if t["code"].lower() == key[len(stem):].lower():
                        return elem, t["code"]
        return None, None

    def check_code(self, url, tcode, item, loc, sd_path, problems):
        codes = self.expand(url)
        if isinstance(codes, str):
            self.unchecked[(sd_path, url)] = codes
            return
        if tcode in ("code", "string", "uri") and isinstance(item, str):
            if item not in {c for _, c in codes}:
                problems.append((loc, f"{item!r} not in required value set {url}"))
            return
        if tcode == "CodeableReference" and isinstance(item, dict) and "concept" in item:
            item, loc, tcode = item["concept"], loc + ".concept", "CodeableConcept"
        if not isinstance(item, dict) or tcode not in ("Coding", "CodeableConcept"):
            return
        codings = [c for c in ([item] if tcode == "Coding" else item.get("coding", [])) if isinstance(c, dict)]
        if not any((c.get("system"), c.get("code")) in codes or  # no system: match code alone
                   ("system" not in c and c.get("code") in {code for _, code in codes}) for c in codings):
            shown = ", ".join(f"{c.get('system', '')}#{c.get('code', '')}" for c in codings) or "none"
            problems.append((loc, f"no coding ({shown}) in required value set {url}"))


def collect(paths):
    files = []
    for p in map(Path, paths):
        if not p.exists():
            raise FileNotFoundError(f"no such file or directory: {p}")
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--package-dir", type=Path, default=DEFAULT_PACKAGE,
                    help="unpacked hl7.fhir.r5.core 5.0.0 npm package (default: %(default)s)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also list required bindings that could not be checked")
    ap.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    args = ap.parse_args(argv)
    try:
        files = collect(args.paths)
    except FileNotFoundError as exc:
        ap.error(str(exc))
    if not files:
        ap.error("no *.json files found")
    if not (args.package_dir / "openapi" / "fhir.schema.json").is_file():
        ap.error(f"{args.package_dir} is not the hl7.fhir.r5.core package (run `npm ci` beside validate.py)")

    bindings = BindingCheck(args.package_dir)
    validators = [("fhir.resources", check_model), ("json-schema", SchemaCheck(args.package_dir)),
                  ("binding", bindings)]
    failed = 0
    for f in files:
        try:
            res = load(f)
            if not isinstance(res, dict) or not isinstance(res.get("resourceType"), str):
                raise ValueError("not a JSON object with a string resourceType")
        except (OSError, ValueError) as exc:
            print(f"fail {f} input {f.name}: {exc}")
            failed += 1
            continue
        problems = [(name, path, msg) for name, check in validators for path, msg in check(res)]
        for name, path, msg in problems:
            print(f"fail {f} {name} {path}: {msg}")
        if not problems:
            print(f"ok {f} {res['resourceType']}")
        failed += bool(problems)
    if args.verbose:
        for (path, url), why in sorted(bindings.unchecked.items()):
            print(f"note binding {path}: {url} not checked ({why})")
    print(f"{len(files) - failed} passed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
