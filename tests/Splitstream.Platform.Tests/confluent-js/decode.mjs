// The oracle: decodes Confluent-framed Protobuf records with Confluent's official JavaScript client
// (usage: node decode.mjs <registry url> <records.json>, where records.json is [{"topic", "value"}] with the value
// base64). The client reads the schema id from the frame, fetches the schema by id (format=serialized), builds the
// descriptor from it and picks the message by the frame's message indexes; nothing of Splitstream's is used.
// Prints [{"type", "message"}] with the message as Protobuf JSON (proto field names, int64 as strings).
import { readFileSync } from 'node:fs';
import { SchemaRegistryClient, ProtobufDeserializer, SerdeType } from '@confluentinc/schemaregistry';
import { toJson } from '@bufbuild/protobuf';

const [registryUrl, recordsFile] = process.argv.slice(2);
const client = new SchemaRegistryClient({ baseURLs: [registryUrl] });
const deserializer = new ProtobufDeserializer(client, SerdeType.VALUE, {});
const records = JSON.parse(readFileSync(recordsFile, 'utf8'));
const decoded = [];
for (const { topic, value } of records) {
  const message = await deserializer.deserialize(topic, Buffer.from(value, 'base64'));
  const desc = deserializer.fileRegistry.getMessage(message.$typeName);
  decoded.push({
    type: message.$typeName,
    message: toJson(desc, message, { useProtoFieldName: true, alwaysEmitImplicit: false }),
  });
}
console.log(JSON.stringify(decoded));
