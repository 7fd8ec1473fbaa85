// Drives the Salesforce simulator with jsforce, the community's Salesforce client, so that the
// simulator is checked against code we did not write. Run by SalesforceSimulatorJsforceTest, which
// starts the simulator and passes its URL and credentials in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsforce from 'jsforce';
import { Replay } from 'jsforce/lib/api/streaming/extension.js';

const env = (name) => {
  const value = process.env[name];
  assert.ok(value, `environment variable ${name} must be set`);
  return value;
};

async function login() {
  const conn = new jsforce.Connection({
    oauth2: {
      loginUrl: env('SF_LOGIN_URL'),
      clientId: env('SF_CLIENT_ID'),
      clientSecret: env('SF_CLIENT_SECRET'),
      redirectUri: 'http://localhost/callback',
    },
    version: '62.0',
  });
  const userInfo = await conn.login(env('SF_USERNAME'), env('SF_PASSWORD'));
  return { conn, userInfo };
}

test('username-password login yields the org, the user and the instance URL', async () => {
  const { conn, userInfo } = await login();
  assert.equal(userInfo.organizationId, '00D000000000001AAA');
  assert.equal(userInfo.id, '005000000000001AAA');
  assert.equal(conn.instanceUrl, env('SF_LOGIN_URL'));
  assert.ok(conn.accessToken);
});

test('SOQL query with filters, ordering and a parent relationship', async () => {
  const { conn } = await login();
  const result = await conn.query(
    "SELECT Id, Name, Account.Name FROM Contact WHERE Golden_Customer_Id__c != null ORDER BY Name LIMIT 10",
  );
  assert.equal(result.totalSize, 10);
  assert.equal(result.done, true);
  const names = result.records.map((r) => r.Name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  for (const record of result.records) {
    assert.equal(record.attributes.type, 'Contact');
    assert.ok(record.Account.Name);
  }
});

test('queryMore pages through more than one batch', async () => {
  const { conn } = await login();
  const records = [];
  for (let start = 0; start < 300; start += 100) {
    const batch = [];
    for (let i = start; i < start + 100; i++) {
      batch.push({ Name: `jsforce paging ${String(i).padStart(3, '0')}` });
    }
    const results = await conn.sobject('Account').create(batch, { allOrNone: true });
    assert.equal(results.filter((r) => r.success).length, 100);
  }
  conn.queryOptions = undefined;
  const first = await conn.request({
    method: 'GET',
    url: `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id, Name FROM Account WHERE Name LIKE 'jsforce paging%' ORDER BY Name")}`,
    headers: { 'Sforce-Query-Options': 'batchSize=200' },
  });
  assert.equal(first.totalSize, 300);
  assert.equal(first.done, false);
  records.push(...first.records);
  const rest = await conn.queryMore(first.nextRecordsUrl);
  assert.equal(rest.done, true);
  records.push(...rest.records);
  assert.equal(records.length, 300);
  assert.equal(new Set(records.map((r) => r.Id)).size, 300);
});

test('create, retrieve, update and destroy a Case', async () => {
  const { conn } = await login();
  const created = await conn.sobject('Case').create({ Subject: 'jsforce case', Origin: 'Email' });
  assert.equal(created.success, true);
  assert.match(created.id, /^500\w{15}$/);
  const read = await conn.sobject('Case').retrieve(created.id);
  assert.equal(read.Status, 'New');
  const updated = await conn.sobject('Case').update({ Id: created.id, Status: 'Working' });
  assert.equal(updated.success, true);
  const after = await conn.sobject('Case').retrieve(created.id);
  assert.equal(after.Status, 'Working');
  const bad = await conn
    .sobject('Case')
    .update({ Id: created.id, Status: 'Teleported' })
    .then(
      (r) => r,
      (e) => e,
    );
  assert.equal(bad.errorCode ?? bad.errors?.[0]?.statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  const destroyed = await conn.sobject('Case').destroy(created.id);
  assert.equal(destroyed.success, true);
});

test('upsert an inventory position by its external ID, twice', async () => {
  const { conn } = await login();
  const position = {
    Position_Key__c: 'SKU-0042@S002',
    SKU__c: 'SKU-0042',
    Location__c: 'S002',
    On_Hand__c: 9,
    Reserved__c: 1,
    Available__c: 8,
    As_Of__c: '2026-11-29T10:00:00Z',
    Source_Sequence__c: 17,
  };
  const created = await conn.sobject('Inventory_Position__c').upsert(position, 'Position_Key__c');
  assert.equal(created.success, true);
  assert.equal(created.created, true);
  const updated = await conn
    .sobject('Inventory_Position__c')
    .upsert({ ...position, On_Hand__c: 6, Available__c: 5, Source_Sequence__c: 18 }, 'Position_Key__c');
  assert.equal(updated.success, true);
  assert.equal(updated.created, false);
  const found = await conn
    .sobject('Inventory_Position__c')
    .find({ Position_Key__c: 'SKU-0042@S002' }, ['Id', 'On_Hand__c', 'Source_Sequence__c']);
  assert.equal(found.length, 1);
  assert.equal(found[0].On_Hand__c, 6);
  assert.equal(found[0].Source_Sequence__c, 18);
});

test('Change Data Capture over the Streaming API (faye), replaying retained events', async () => {
  const { conn } = await login();
  const contact = (await conn.query('SELECT Id FROM Contact ORDER BY Id LIMIT 1')).records[0];
  await conn.sobject('Contact').update({ Id: contact.Id, Title: 'jsforce streaming' });
  const channel = '/data/ContactChangeEvent';
  const client = conn.streaming.createClient([new Replay(channel, -2)]);
  try {
    const received = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no change event within 20 s')), 20000);
      client.subscribe(channel, (message) => {
        if (message.payload?.Title === 'jsforce streaming') {
          clearTimeout(timer);
          resolve(message);
        }
      });
    });
    assert.equal(received.payload.ChangeEventHeader.changeType, 'UPDATE');
    assert.deepEqual(received.payload.ChangeEventHeader.recordIds, [contact.Id]);
    assert.ok(received.payload.ChangeEventHeader.changedFields.includes('Title'));
    assert.ok(received.event.replayId > 0);
  } finally {
    client.disconnect();
  }
});
