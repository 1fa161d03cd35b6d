-- PostgreSQL gets the audit lookup indexes here (db/vendor/postgresql). H2, the single-replica development
-- default, does not: measured with bench/run.sh (ES256, 16 connections, A/B twice each in one sitting), the
-- four extra index updates per record cost 10% of the issuing rate (2,851 against 3,146 tokens/s), and an H2
-- audit is not one of millions, where the lookups need them. The version is kept so both databases stay in step.
SELECT 1;
