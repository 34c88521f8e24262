-- A grid worker's report (上报, issue 11) is about a place, not a registered resident: the village
-- and village group it happened in, so that routing asks that group's neighbours and leaders and
-- the offer says where to go. Null for requests, whose place is their resident's.
ALTER TABLE tickets
    ADD COLUMN place_village       text,
    ADD COLUMN place_village_group text;
