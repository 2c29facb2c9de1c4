-- What kind of sync a monitor watches: its velocity preset and the platform it talks to.
ALTER TABLE checks ADD COLUMN velocity TEXT;
ALTER TABLE checks ADD COLUMN platform TEXT;
ALTER TABLE checks ADD COLUMN sku_count BIGINT;
