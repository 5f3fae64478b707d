#!/usr/bin/python3
"""Validates a JSON document against an official JSON schema with Debian's python3-jsonschema, offline.

usage: schema_check.py SCHEMA DOCUMENT [REFERENCED_SCHEMA...]
Referenced schemas (CycloneDX's spdx.schema.json, jsf-0.82.schema.json) are served from a local store keyed by
their $id, so no $ref is ever fetched from the network. Prints every violation; exit 0 valid, 1 invalid, 2 usage.
"""
import json
import sys

import jsonschema


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# Debian 12's jsonschema 4.10 sorts extra array items to word an additionalItems message, which raises on dicts
# (the SPDX 2.3 schema reaches it inside oneOf). The message's order does not matter; only the crash does.
def _extras_msg(extras):
    verb = "was" if len(extras) == 1 else "were"
    return ", ".join(repr(extra) for extra in extras), verb


jsonschema._utils.extras_msg = _extras_msg
jsonschema._validators.extras_msg = _extras_msg


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = load(argv[1])
    document = load(argv[2])
    store = {}
    for path in argv[3:]:
        referenced = load(path)
        store[referenced.get("$id", referenced.get("id"))] = referenced
    for key in ("$id", "id"):  # draft-04 (SARIF) names it "id"
        if isinstance(schema.get(key), str):
            store[schema[key]] = schema

    def no_network(uri):
        raise jsonschema.RefResolutionError(f"refusing to fetch {uri}: not in the local schema store")

    resolver = jsonschema.RefResolver.from_schema(schema, store=store, handlers={"http": no_network, "https": no_network})
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors[:50]:
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{argv[2]}: /{where}: {error.message[:300]}")
    if errors:
        print(f"{len(errors)} violation(s)")
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
