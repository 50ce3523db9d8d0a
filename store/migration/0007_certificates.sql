-- What generate proved about a draft: an upper bound on the places any roster can fill, and a
-- lower bound on the heaviest burden of any roster that fills the same places (NULL when not
-- known, as for an amendment).
ALTER TABLE rosters ADD COLUMN coverage_bound INTEGER CHECK (coverage_bound IS NULL OR coverage_bound >= 0);
ALTER TABLE rosters ADD COLUMN burden_floor_milli INTEGER CHECK (burden_floor_milli IS NULL OR burden_floor_milli >= 0);
