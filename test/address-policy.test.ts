// The address policy for hooks and webhooks, as a table: which addresses and URLs Parley refuses to call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublicAddress, refusedUrl } from '../src/spam/address-policy.js';

const refusedAddresses = [
  '127.0.0.1', '127.255.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.127.255.254',
  '0.0.0.0', '255.255.255.255', '224.0.0.1', '239.255.255.250', '192.0.2.1', '198.18.0.1', '240.0.0.1',
  '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
  '64:ff9b::7f00:1', '2002:7f00:1::', '2001:db8::1', 'fe80::1%eth0', 'not an ip', '', '0x7f.1', '2130706433',
];
const publicAddresses = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];

test('private, loopback, link-local, CGNAT, multicast, unspecified, reserved and mapped-private addresses are refused', () => {
  for (const address of refusedAddresses) assert.equal(isPublicAddress(address), false, address);
});

test('public unicast addresses, v4 and v6, are allowed', () => {
  for (const address of publicAddresses) assert.equal(isPublicAddress(address), true, address);
});

test('URLs with a private literal host or a name for this machine are refused before any DNS', () => {
  const refused = [
    'http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]/',
    'http://0x7f.1/', 'http://2130706433/', 'http://localhost/', 'http://LOCALHOST.:9/', 'http://api.localhost/', 'http://[fe80::1]/', 'ftp://example.org/', 'not a url',
  ];
  for (const url of refused) assert.notEqual(refusedUrl(url), null, url);
  for (const url of ['https://hooks.example.org/parley', 'http://8.8.8.8/', 'https://[2606:4700:4700::1111]/x']) assert.equal(refusedUrl(url), null, url);
});
