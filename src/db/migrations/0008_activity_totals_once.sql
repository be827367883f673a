-- The per-fiscal-year activity totals of 0006, kept the same way, with the accounting written once.
-- 0006 spelled it out in four triggers (insert, delete, and the two halves of an update), each
-- repeating the fiscal-year expression and the distinct-volunteer rule. Now each of those triggers
-- only states the change — this fiscal year, this volunteer, one record more or fewer, these hours —
-- by inserting it into a view, and the view's INSTEAD OF trigger applies it.

DROP TRIGGER activities_live_insert;
DROP TRIGGER activities_live_delete;
DROP TRIGGER activities_live_update_old;
DROP TRIGGER activities_live_update_new;

-- A change of the totals (never stored): records is +1 or −1, hours carries the same sign.
CREATE VIEW activity_year_changes (fy, volunteer_id, records, hours) AS SELECT NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER activity_year_change INSTEAD OF INSERT ON activity_year_changes BEGIN
  INSERT INTO activity_years (fy, records, hours, volunteers) VALUES (NEW.fy, NEW.records, NEW.hours, 0)
    ON CONFLICT (fy) DO UPDATE SET records = records + excluded.records, hours = hours + excluded.hours;
  INSERT INTO activity_year_volunteers (fy, volunteer_id, records, hours)
    SELECT NEW.fy, NEW.volunteer_id, NEW.records, NEW.hours WHERE NEW.volunteer_id IS NOT NULL
    ON CONFLICT (fy, volunteer_id) DO UPDATE SET records = records + excluded.records, hours = hours + excluded.hours;
  -- A volunteer counts in a year from their first live record in it until their last one goes.
  UPDATE activity_years SET volunteers = volunteers + NEW.records
    WHERE NEW.volunteer_id IS NOT NULL AND fy = NEW.fy
      AND (SELECT records FROM activity_year_volunteers v WHERE v.fy = NEW.fy AND v.volunteer_id = NEW.volunteer_id) = (NEW.records > 0);
  DELETE FROM activity_year_volunteers WHERE fy = NEW.fy AND volunteer_id = NEW.volunteer_id AND records = 0;
END;

-- 年度: April to March (a date before April belongs to the year before).
CREATE TRIGGER activities_live_insert AFTER INSERT ON activities WHEN NEW.retired_run IS NULL BEGIN
  INSERT INTO activity_year_changes VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), NEW.volunteer_id, 1, coalesce(NEW.hours, 0));
END;
CREATE TRIGGER activities_live_delete AFTER DELETE ON activities WHEN OLD.retired_run IS NULL BEGIN
  INSERT INTO activity_year_changes VALUES (CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04'), OLD.volunteer_id, -1, -coalesce(OLD.hours, 0));
END;
-- An update (re-import, retirement by --full, revival) takes the old row out and puts the new one in.
CREATE TRIGGER activities_live_update_old AFTER UPDATE ON activities WHEN OLD.retired_run IS NULL
  AND (OLD.date IS NOT NEW.date OR OLD.volunteer_id IS NOT NEW.volunteer_id OR OLD.hours IS NOT NEW.hours OR NEW.retired_run IS NOT NULL) BEGIN
  INSERT INTO activity_year_changes VALUES (CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04'), OLD.volunteer_id, -1, -coalesce(OLD.hours, 0));
END;
CREATE TRIGGER activities_live_update_new AFTER UPDATE ON activities WHEN NEW.retired_run IS NULL
  AND (OLD.date IS NOT NEW.date OR OLD.volunteer_id IS NOT NEW.volunteer_id OR OLD.hours IS NOT NEW.hours OR OLD.retired_run IS NOT NULL) BEGIN
  INSERT INTO activity_year_changes VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), NEW.volunteer_id, 1, coalesce(NEW.hours, 0));
END;
