// One fake credential of every family that must never reach storage, a screen
// or an export, each with the text it is planted in. Assembled from parts so
// that secret scanners do not flag this repository; none of them is real.

export interface PlantedSecret {
  family: string;
  /** How it appears in a note, an answer, command output. */
  text: string;
  /** The part that must not survive anywhere (the hint before it may). */
  secret: string;
}

const s = (...parts: string[]): string => parts.join('');

const pemBody = [
  s('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo', '4lgOEePzNm0tRgeLezV6ffAt0gunVTLw'),
  s('7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u', '+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS'),
];

/** Every family of issue 7, one line each except the key block. */
export const PLANTED: readonly PlantedSecret[] = [
  { family: 'AWS access key id', text: s('AKIA', 'QZ7PLANTED0K3Y19'), secret: s('QZ7PLANTED', '0K3Y19') },
  { family: 'AWS session key id', text: s('ASIA', 'QZ7PLANTED0S3S51'), secret: s('QZ7PLANTED', '0S3S51') },
  {
    family: 'aws_secret_access_key',
    text: s('aws_secret_access_key = ', 'pLaNtEd/K7MDENG/bPxRfiCY', 'AWSSECRETKEY1'),
    secret: s('pLaNtEd/K7MDENG', '/bPxRfiCY'),
  },
  { family: 'GitHub classic token', text: s('ghp_', 'PlantedGhpToken0123456789abcdefghij'), secret: s('PlantedGhp', 'Token0123456789') },
  { family: 'GitHub OAuth token', text: s('gho_', 'PlantedGhoToken0123456789abcdefghij'), secret: s('PlantedGho', 'Token0123456789') },
  { family: 'GitHub user token', text: s('ghu_', 'PlantedGhuToken0123456789abcdefghij'), secret: s('PlantedGhu', 'Token0123456789') },
  { family: 'GitHub app token', text: s('ghs_', 'PlantedGhsToken0123456789abcdefghij'), secret: s('PlantedGhs', 'Token0123456789') },
  { family: 'GitHub refresh token', text: s('ghr_', 'PlantedGhrToken0123456789abcdefghij'), secret: s('PlantedGhr', 'Token0123456789') },
  {
    family: 'GitHub fine-grained token',
    text: s('github_pat_', '11PLANTED0abcdefghij_PlantedFineGrained0123456789'),
    secret: s('11PLANTED0', 'abcdefghij_PlantedFine'),
  },
  { family: 'GitLab token', text: s('glpat-', 'PlantedGitLab-0123456789'), secret: s('PlantedGitLab', '-0123456789') },
  { family: 'Slack bot token', text: s('xoxb-', '1111111111-2222222222-PlantedSlackBot'), secret: s('2222222222-', 'PlantedSlackBot') },
  { family: 'Slack user token', text: s('xoxp-', '1111111111-3333333333-PlantedSlackUser'), secret: s('3333333333-', 'PlantedSlackUser') },
  { family: 'Slack app token', text: s('xoxa-', '2-PlantedSlackApp0123'), secret: s('PlantedSlack', 'App0123') },
  { family: 'Slack app-level token', text: s('xapp-', '1-A0PLANTED-4444444444-abcdef'), secret: s('A0PLANTED-', '4444444444') },
  {
    family: 'Slack webhook URL',
    text: s('https://hooks.slack.com/services/', 'T0PLANTED/B0PLANTED/', 'PlantedWebhookSecret0123'),
    secret: s('PlantedWebhook', 'Secret0123'),
  },
  {
    family: 'JWT',
    text: s('eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiJwbGFudGVkIn0', '.PlantedJwtSignature_0123456789abc'),
    secret: s('PlantedJwt', 'Signature_0123456789'),
  },
  {
    family: 'Authorization: Bearer',
    text: s('Authorization: Bearer ', 'PlantedBearer.0123456789'),
    secret: s('PlantedBearer', '.0123456789'),
  },
  { family: 'Authorization: Basic', text: s('Authorization: Basic ', 'UGxhbnRlZEJhc2ljOnB3'), secret: s('UGxhbnRlZEJh', 'c2ljOnB3') },
  {
    family: 'private key block',
    text: ['-----BEGIN RSA PRIVATE KEY-----', ...pemBody, '-----END RSA PRIVATE KEY-----'].join('\n'),
    secret: pemBody[1]!.slice(4, 30),
  },
  {
    family: 'password in a URL',
    text: s('postgres://app:', 'PlantedUrlPassword77', '@db.internal:5432/shop'),
    secret: s('PlantedUrl', 'Password77'),
  },
  {
    family: 'token in a query string',
    text: s('https://api.example.com/v1/orders?page=2&access_token=', 'PlantedQueryToken0123'),
    secret: s('PlantedQuery', 'Token0123'),
  },
  {
    family: 'api_key in a query string',
    text: s('https://maps.example.com/x?api_key=', 'PlantedApiKey0123'),
    secret: s('PlantedApi', 'Key0123'),
  },
  {
    family: 'signature in a query string',
    text: s('https://cdn.example.com/f.zip?sig=', 'PlantedSig0123'),
    secret: s('PlantedSig', '0123'),
  },
  { family: 'password=', text: s('password=', 'PlantedPasswordEq1'), secret: s('PlantedPassword', 'Eq1') },
  { family: 'passwd:', text: s('passwd: ', 'PlantedPasswdColon1'), secret: s('PlantedPasswd', 'Colon1') },
  { family: 'secret=', text: s('secret=', 'PlantedSecretEq1'), secret: s('PlantedSecret', 'Eq1') },
  { family: 'token=', text: s('token=', 'PlantedTokenEq1'), secret: s('PlantedToken', 'Eq1') },
  { family: 'env PASSWORD="…"', text: s('DB_PASSWORD="', 'Planted Env Password', '"'), secret: s('Planted Env ', 'Password') },
  {
    family: 'JSON "password"',
    text: s('{"user": "app", "password": "', 'PlantedJsonPassword', '"}'),
    secret: s('PlantedJson', 'Password'),
  },
  { family: 'YAML api_key:', text: s("api_key: '", 'PlantedYamlApiKey', "'"), secret: s('PlantedYaml', 'ApiKey') },
];

/** All the families in one block of text, one per line. */
export const ALL_PLANTED = PLANTED.map((p) => p.text).join('\n');

/** The secret parts found in `text` (empty when nothing leaked), by family. */
export function leaks(text: string): string[] {
  return PLANTED.filter((p) => text.includes(p.secret)).map((p) => p.family);
}
