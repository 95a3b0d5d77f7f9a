/** What a developer's script imports: the signing fetch for the official `openai` client, and the signing itself. */
export { signingFetch, type SigningFetchOpts } from './signing-fetch.js';
export { signRequest, signatureHeaders, SIGNATURE_HEADERS, type SignedRequest } from './signed-request.js';
