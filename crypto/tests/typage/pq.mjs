// Runs typage (npm `age-encryption`, the reference TypeScript implementation
// of age) for crypto/tests/pq_typage.rs, from the reporter page's locked
// dependencies in web/node_modules (`cd web && npm ci`).
//
//   node pq.mjs generate                       new hybrid identity, then its recipient, one per line
//   node pq.mjs recipient IDENTITY_FILE        the recipient of an identity
//   node pq.mjs encrypt RECIPIENT IN OUT       encrypt file IN to RECIPIENT
//   node pq.mjs decrypt IDENTITY_FILE IN OUT   decrypt file IN
import { readFileSync, writeFileSync } from "node:fs";
import {
  Decrypter,
  Encrypter,
  generateHybridIdentity,
  identityToRecipient,
} from "../../../web/node_modules/age-encryption/dist/index.js";

const [command, ...args] = process.argv.slice(2);
const identityFrom = (path) => readFileSync(path, "utf8").trim();

switch (command) {
  case "generate": {
    const identity = await generateHybridIdentity();
    process.stdout.write(`${identity}\n${await identityToRecipient(identity)}\n`);
    break;
  }
  case "recipient": {
    process.stdout.write(`${await identityToRecipient(identityFrom(args[0]))}\n`);
    break;
  }
  case "encrypt": {
    const encrypter = new Encrypter();
    encrypter.addRecipient(args[0]);
    writeFileSync(args[2], await encrypter.encrypt(readFileSync(args[1])));
    break;
  }
  case "decrypt": {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identityFrom(args[0]));
    writeFileSync(args[2], await decrypter.decrypt(readFileSync(args[1])));
    break;
  }
  default:
    process.stderr.write("usage: node pq.mjs generate | recipient ID | encrypt R IN OUT | decrypt ID IN OUT\n");
    process.exit(2);
}
