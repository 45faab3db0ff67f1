#!/usr/bin/env python3
"""Confluent's own Python client (Debian python3-confluent-kafka) against a schema registry URL.

argv: <registry url> <request file>. Request:
  {"op": "session", "subject": s, "schema": v1, "evolved": v2, "incompatible": v3}
      runs the calls an application makes and reports what the client saw.
  {"op": "decode", "messages": [hex]}: decodes Confluent wire-format messages knowing only the registry URL
      (schema fetched by id through the client, body decoded by Apache Avro's Python library).
  {"op": "consume", "bootstrap": servers, "topic": t, "count": n}: the same, for the first n records of
      partition 0 of a Kafka topic, read with Confluent's Python consumer.
"""
import io
import json
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from avro_interop import to_interop  # noqa: E402


def decode(client, data):
    magic, schema_id = struct.unpack(">bI", data[:5])
    assert magic == 0, "magic byte %d" % magic
    schema = avro.schema.parse(client.get_schema(schema_id).schema_str)
    value = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
    return {"id": schema_id, "value": to_interop(schema, value)}


def main():
    client = SchemaRegistryClient({"url": sys.argv[1]})
    with open(sys.argv[2], encoding="utf-8") as f:
        request = json.load(f)
    if request["op"] == "session":
        subject = request["subject"]
        out = {}
        out["id1"] = client.register_schema(subject, Schema(request["schema"], "AVRO"))
        out["id1_again"] = client.register_schema(subject, Schema(request["schema"], "AVRO"))
        out["compatible"] = client.test_compatibility(subject, Schema(request["evolved"], "AVRO"))
        out["id2"] = client.register_schema(subject, Schema(request["evolved"], "AVRO"))
        out["incompatible"] = client.test_compatibility(subject, Schema(request["incompatible"], "AVRO"))
        try:
            client.register_schema(subject, Schema(request["incompatible"], "AVRO"))
            out["incompatible_error"] = None
        except SchemaRegistryError as e:
            out["incompatible_error"] = [e.http_status_code, e.error_code]
        latest = client.get_latest_version(subject)
        out["latest"] = {"version": latest.version, "id": latest.schema_id, "subject": latest.subject}
        out["versions"] = client.get_versions(subject)
        out["subjects"] = client.get_subjects()
        out["schema_by_id"] = client.get_schema(out["id1"]).schema_str
        looked_up = client.lookup_schema(subject, Schema(request["schema"], "AVRO"))
        out["lookup"] = {"version": looked_up.version, "id": looked_up.schema_id}
        out["set_level"] = client.set_compatibility(subject_name=subject, level="FULL")
        out["get_level"] = client.get_compatibility(subject_name=subject)
        out["global_level"] = client.get_compatibility()
        try:
            client.get_version(subject, 99)
            out["missing_version_error"] = None
        except SchemaRegistryError as e:
            out["missing_version_error"] = [e.http_status_code, e.error_code]
        try:
            client.get_schema(987654)
            out["missing_id_error"] = None
        except SchemaRegistryError as e:
            out["missing_id_error"] = [e.http_status_code, e.error_code]
        out["deleted"] = client.delete_subject(subject)
        try:
            client.get_latest_version(subject)
            out["deleted_subject_error"] = None
        except SchemaRegistryError as e:
            out["deleted_subject_error"] = [e.http_status_code, e.error_code]
        response = out
    elif request["op"] == "decode":
        response = {"values": [decode(client, bytes.fromhex(m)) for m in request["messages"]]}
    elif request["op"] == "consume":
        consumer = Consumer({"bootstrap.servers": request["bootstrap"], "group.id": "python-cross-check",
                             "enable.auto.commit": False, "api.version.request": True})
        consumer.assign([TopicPartition(request["topic"], 0, OFFSET_BEGINNING)])
        values = []
        deadline = time.time() + 60
        while len(values) < request["count"] and time.time() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                raise RuntimeError(str(message.error()))
            values.append(decode(client, message.value()))
        consumer.close()
        response = {"values": values}
    else:
        raise ValueError(request["op"])
    json.dump(response, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
