#!/usr/bin/env python3
"""Independent-implementation cross-check helper: Apache Avro's Python library (Debian python3-avro 1.11).

Reads one JSON request from the file named by argv[1], prints one JSON response. Values cross the boundary in an
"interop JSON" form both sides render identically:
  null/bool/int/string as JSON; float/double -> {"f": big-endian IEEE-754 double hex} (or "nan");
  bytes/fixed -> {"b": hex}; record -> {"r": {...}}; map -> {"m": {...}}; array -> [...]; enum -> symbol;
  timestamps -> {"t": microseconds since epoch}; date -> {"d": days since epoch}; decimal -> {"dec": plain string};
  uuid -> string.
Operations:
  {"op": "decode", "writer": <schema>, "reader": <schema or null>, "items": [hex]}
      -> {"values": [interop], "reencoded": [hex, re-encoded with the reader schema]}
  {"op": "generate", "schema": <schema>, "count": n, "seed": s} -> {"items": [{"hex": ..., "value": interop}]}
  {"op": "canonical", "schemas": [<schema>]} -> {"canonical": [str]}
"""
import datetime
import decimal
import io
import json
import math
import random
import struct
import sys
import uuid

import avro.io
import avro.schema

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EPOCH_DATE = datetime.date(1970, 1, 1)


def parse(schema):
    return avro.schema.parse(schema if isinstance(schema, str) else json.dumps(schema))


def logical(schema):
    return schema.props.get("logicalType") if hasattr(schema, "props") else None


def to_interop(schema, value):
    if isinstance(schema, avro.schema.UnionSchema):
        branch = next(b for b in schema.schemas if matches(b, value))
        return to_interop(branch, value)
    lt = logical(schema)
    if lt in ("timestamp-millis", "timestamp-micros"):
        return {"t": (value - EPOCH) // datetime.timedelta(microseconds=1)}
    if lt == "date":
        return {"d": (value - EPOCH_DATE).days}
    if lt == "decimal" and isinstance(value, decimal.Decimal):
        return {"dec": format(value, "f")}
    if lt == "uuid":
        return str(value)
    t = schema.type
    if t in ("null", "boolean", "int", "long", "string", "enum"):
        return value
    if t in ("float", "double"):
        value = float(value)  # an int promoted by schema resolution stays an int in Python
        if t == "float":
            value = struct.unpack(">f", struct.pack(">f", value))[0]  # the reader's 32-bit precision
        return "nan" if math.isnan(value) else {"f": struct.pack(">d", value).hex()}
    if t in ("bytes", "fixed"):
        return {"b": value.hex()}
    if t in ("record", "error"):
        return {"r": {f.name: to_interop(f.type, value[f.name]) for f in schema.fields}}
    if t == "array":
        return [to_interop(schema.items, v) for v in value]
    if t == "map":
        return {"m": {k: to_interop(schema.values, v) for k, v in value.items()}}
    raise ValueError("unknown type " + t)


def matches(schema, value):
    lt = logical(schema)
    if lt in ("timestamp-millis", "timestamp-micros"):
        return isinstance(value, datetime.datetime)
    if lt == "date":
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    if lt == "decimal":
        return isinstance(value, decimal.Decimal)
    t = schema.type
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if t in ("int", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if t in ("float", "double"):
        return isinstance(value, float)
    if t == "string":
        return isinstance(value, str)
    if t == "enum":
        return isinstance(value, str) and value in schema.symbols
    if t in ("bytes", "fixed"):
        return isinstance(value, bytes) and (t == "bytes" or len(value) == schema.size)
    if t in ("record", "error"):
        return isinstance(value, dict) and set(value.keys()) == {f.name for f in schema.fields}
    if t == "array":
        return isinstance(value, list)
    if t == "map":
        return isinstance(value, dict)
    return False


def random_value(schema, rnd, depth=0):
    lt = logical(schema)
    if lt == "timestamp-millis":
        return EPOCH + datetime.timedelta(milliseconds=rnd.randint(-62135596800000, 253402300799999))
    if lt == "timestamp-micros":
        return EPOCH + datetime.timedelta(microseconds=rnd.randint(-62135596800000000, 253402300799999999))
    if lt == "date":
        return EPOCH_DATE + datetime.timedelta(days=rnd.randint(-719162, 2932896))
    if lt == "uuid":
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    if lt == "decimal":
        precision = min(schema.props.get("precision", 10), 18)
        unscaled = rnd.randint(-(10 ** precision) + 1, 10 ** precision - 1)
        return decimal.Decimal(unscaled).scaleb(-schema.props.get("scale", 0))
    t = schema.type
    if t == "null":
        return None
    if t == "boolean":
        return rnd.random() < 0.5
    if t == "int":
        return rnd.choice([0, -1, 2 ** 31 - 1, -2 ** 31, rnd.randint(-2 ** 31, 2 ** 31 - 1)])
    if t == "long":
        return rnd.choice([0, 2 ** 63 - 1, -2 ** 63, rnd.randint(-2 ** 63, 2 ** 63 - 1)])
    if t == "float":
        return struct.unpack("<f", struct.pack("<f", rnd.uniform(-1e6, 1e6)))[0]
    if t == "double":
        return rnd.choice([0.0, -0.0, float("inf"), 5e-324, rnd.uniform(-1e12, 1e12)])
    if t == "bytes":
        return bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 12)))
    if t == "fixed":
        return bytes(rnd.getrandbits(8) for _ in range(schema.size))
    if t == "string":
        return "".join(rnd.choice("abcXYZ019 _-é€日本😀\"\\\n") for _ in range(rnd.randint(0, 10)))
    if t == "enum":
        return rnd.choice(schema.symbols)
    if t in ("record", "error"):
        return {f.name: random_value(f.type, rnd, depth + 1) for f in schema.fields}
    if t == "array":
        return [random_value(schema.items, rnd, depth + 1) for _ in range(0 if depth > 3 else rnd.randint(0, 4))]
    if t == "map":
        return {"k%d" % rnd.randint(0, 999): random_value(schema.values, rnd, depth + 1) for _ in range(0 if depth > 3 else rnd.randint(0, 3))}
    if t == "union":
        branches = schema.schemas
        nulls = [b for b in branches if b.type == "null"]
        branch = nulls[0] if depth > 3 and nulls else rnd.choice(branches)
        return random_value(branch, rnd, depth + 1)
    raise ValueError("unknown type " + t)


def encode(schema, value):
    buffer = io.BytesIO()
    avro.io.DatumWriter(schema).write(value, avro.io.BinaryEncoder(buffer))
    return buffer.getvalue()


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    op = request["op"]
    if op == "decode":
        writer = parse(request["writer"])
        reader = parse(request["reader"]) if request.get("reader") else writer
        values, reencoded = [], []
        for item in request["items"]:
            decoder = avro.io.BinaryDecoder(io.BytesIO(bytes.fromhex(item)))
            value = avro.io.DatumReader(writer, reader).read(decoder)
            values.append(to_interop(reader, value))
            reencoded.append(encode(reader, value).hex())
        response = {"values": values, "reencoded": reencoded}
    elif op == "generate":
        schema = parse(request["schema"])
        rnd = random.Random(request["seed"])
        items = []
        for _ in range(request["count"]):
            value = random_value(schema, rnd)
            items.append({"hex": encode(schema, value).hex(), "value": to_interop(schema, value)})
        response = {"items": items}
    elif op == "canonical":
        response = {"canonical": [parse(s).canonical_form for s in request["schemas"]]}
    else:
        raise ValueError("unknown op " + op)
    json.dump(response, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
