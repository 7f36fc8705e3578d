//! Tests of the extension's catalog entries.

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn every_object_has_comment() {
        let missing = Spi::get_one::<Vec<String>>(
            "SELECT array_agg(o.type || ' ' || o.identity ORDER BY 1)
             FROM pg_depend AS d
             JOIN pg_extension AS x ON x.oid = d.refobjid AND x.extname = 'amp'
             CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, d.objsubid) AS o
             WHERE d.deptype = 'e'
               AND obj_description(d.objid, d.classid::regclass::name) IS NULL
               -- The test build adds the #[pg_test] functions in schema tests.
               AND coalesce(o.schema, o.identity) <> 'tests'",
        )
        .unwrap();
        assert_eq!(missing, None, "objects without COMMENT ON");
    }

    /// Triggers are not members of the extension, so the test above does not see them.
    #[pg_test]
    fn rollup_triggers_have_comments() {
        let missing = Spi::get_one::<i64>(
            "SELECT count(*) FROM pg_trigger
             WHERE tgrelid = 'amp_action_events'::regclass AND NOT tgisinternal
               AND obj_description(oid, 'pg_trigger') IS NULL",
        )
        .unwrap();
        assert_eq!(missing, Some(0));
    }
}
