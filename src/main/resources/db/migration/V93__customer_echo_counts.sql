-- A platform announces every write it receives, also one that repeats the value it holds: the ERP
-- publishes BusinessPartner.Changed for each PATCH. A write the hub makes twice (redone after a
-- restart, or the same value planned by two changes) comes back twice, so each remembered value
-- counts the echoes still expected. Kept as a set, the first echo used up the memory and the
-- second, taken for a newer platform edit, overwrote the newer value everywhere (CustomerCrashIT).
ALTER TABLE customer_echo ADD COLUMN expected_echoes INTEGER NOT NULL DEFAULT 1;
