-- Every value the hub wrote to a platform record is remembered until its own change event comes
-- back, not only the last one: after a backlog (a hub restart) the hub can write an attribute twice
-- before the first write's event arrives, and that event, taken for a platform edit with a newer
-- timestamp, overwrote the newer value everywhere (CustomerCrashIT).
ALTER TABLE customer_echo DROP CONSTRAINT customer_echo_pkey;
ALTER TABLE customer_echo ADD PRIMARY KEY (platform, platform_id, attribute, value);
