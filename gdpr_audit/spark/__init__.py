"""gdpr-audit on Apache Spark: scan and assess a data lake with the same recognizers and checks.

``pip install "gdpr-audit[spark]"`` (PySpark 4, Java 17+). Entry points:

- :func:`gdpr_audit.spark.session.spark_session`: the active session or a local one;
- :func:`gdpr_audit.spark.inputs.discover_tables`: the tables under lake URIs;
- :func:`gdpr_audit.spark.discover.scan_lake` / ``write_results``: the discover stage;
- :func:`gdpr_audit.spark.assess.run_spark_assessment`: the checks on Spark SQL;
- :func:`gdpr_audit.spark.lake.import_results`: results into a DuckDB audit database.

docs/scale-out.md explains the design, the measured throughput and how to run it.
"""
