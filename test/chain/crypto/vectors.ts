/** Byte-exact vectors captured from CosmJS 0.39 (shared/reference/cosmjs-signing-vectors.txt). */
export const FAUCET_MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';
export const FAUCET_PUBKEY_B64 = 'A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ';
export const FAUCET_ADDRESS_HEX = '0d82b1e7c96dbfa42462fe612932e6bff111d51b';
export const FAUCET_COSMOS_ADDRESS = 'cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6';

export const DIRECT_SIGN_DOC_HEX =
  '0a9d010a8d010a1c2f636f736d6f732e62616e6b2e763162657461312e4d736753656e64126d0a2d636f736d6f7331706b707472653766646b6c366766727a6c65736a6a766878686c63337234676d6d6b38727336122d636f736d6f7331636a737865707439726b67677a787a74736c6165396e646770647974323430386c6b383530751a0d0a0575636f736d120431323334120b7465737420766563746f7212650a4e0a460a1f2f636f736d6f732e63727970746f2e736563703235366b312e5075624b657912230a21034f04181eeba35391b858633a765c4a0c189697b40d216354d50890d350c7029012040a02080112130a0d0a0575636f736d12043230303010c09a0c1a0c73696d642d74657374696e672001';
export const DIRECT_SIGNATURE_HEX =
  '65887c8763d4f1610cb70285682cd61412e6f66e0ac40f9a1157e4956d5c2af879003cdcc486805cde3dcde7bb03357a17a0db4cc5019dfed8ee2a5f0d4597eb';

export const AMINO_SIGN_DOC =
  '{"account_number":"1","chain_id":"simd-testing","fee":{"amount":[{"amount":"2000","denom":"ucosm"}],"gas":"200000"},"memo":"a\\u0026b\\u003cc\\u003e","msgs":[{"type":"cosmos-sdk/MsgSend","value":{"amount":[{"amount":"1234","denom":"ucosm"}],"from_address":"cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6","to_address":"cosmos1cjsxept9rkggzxztslae9ndgpdyt2408lk850u"}}],"sequence":"0"}';
export const AMINO_SHA256_HEX = '94dd1fcc986a52ffa1de47059db4571eedc4af81951d2851ca6d219a7ebcf1dd';
export const AMINO_SIGNATURE_HEX =
  '0d93bc3cf4be080f2271a9c6088b18963c3d92afd2d180782b3ba9986bc7a3081bc7a33e0f7468f41fa0e9230fa9b519e861a01de88f780ae0366e96d99c2b09';
