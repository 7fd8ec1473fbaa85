// Drives the service desk simulator with node-zendesk, the community Zendesk client we did not write.
// Run by ServiceDeskNodeZendeskFidelityTest, which starts the simulator and passes its URL and token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zendesk from 'node-zendesk';

const endpointUri = `${process.env.SERVICEDESK_URL}/api/v2`;
const client = zendesk.createClient({
  username: process.env.SERVICEDESK_EMAIL,
  token: process.env.SERVICEDESK_TOKEN,
  endpointUri,
});

test('creates a ticket with a custom field and reads it back', async () => {
  const created = await client.tickets.create({
    ticket: {
      subject: 'node-zendesk fidelity',
      comment: { body: 'Created by node-zendesk', public: true },
      external_id: 'NODE-ZD-1',
      custom_fields: [{ id: 360001, value: '2000042' }],
    },
  });
  const ticket = created.result ?? created;
  assert.ok(ticket.id > 0, 'ticket id returned');
  const shown = await client.tickets.show(ticket.id);
  const read = shown.result ?? shown;
  assert.equal(read.subject, 'node-zendesk fidelity');
  assert.equal(read.external_id, 'NODE-ZD-1');
  assert.equal(read.custom_fields.find((f) => f.id === 360001).value, '2000042');
});

test('searches users by email', async () => {
  const found = await client.users.search({ query: `email:${process.env.SERVICEDESK_CUSTOMER_EMAIL}` });
  const users = found.result ?? found;
  assert.equal(users.length, 1);
  assert.equal(users[0].email, process.env.SERVICEDESK_CUSTOMER_EMAIL);
});

test('lists every user across pages by following next_page', async () => {
  const all = await client.users.list();
  const users = all.result ?? all;
  assert.equal(users.length, Number(process.env.SERVICEDESK_USER_COUNT));
});
