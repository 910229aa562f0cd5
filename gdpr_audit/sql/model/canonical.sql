-- Canonical audit model: the tables every assessment reads.
-- Inputs: none (DDL). Filled by gdpr_audit.load.model from the raw.* tables via a
-- vendor profile. Raw text stays in raw.*; here values are typed: timestamps are
-- TIMESTAMPTZ in UTC, dates DATE, flags BOOLEAN, amounts DECIMAL/DOUBLE.
-- Every table has source_table / source_row: the raw table and 1-based record
-- number the row came from (provenance for findings and Art. 15 exports).
-- GDPR: the model covers Art. 5, 6-8, 12-22, 25, 30, 32-34.

-- Data subjects (CRM contacts / leads).
CREATE TABLE IF NOT EXISTS contacts (
    contact_id        VARCHAR NOT NULL,   -- id in the source CRM (stable key)
    first_name        VARCHAR,
    last_name         VARCHAR,
    email             VARCHAR,
    phone             VARCHAR,
    street            VARCHAR,
    postcode          VARCHAR,
    city              VARCHAR,
    country           VARCHAR,            -- ISO 3166-1 alpha-2 (DE, AT, FR, ...)
    birth_date        DATE,
    company           VARCHAR,            -- employer / account (legal person)
    created_at        TIMESTAMPTZ,
    last_activity_at  TIMESTAMPTZ,
    contract_end_at   TIMESTAMPTZ,        -- end of the customer contract, if any
    is_customer       BOOLEAN,
    customer_number   VARCHAR,            -- customer number (ERP, shop, CRM account no.): an existing customer relationship (contract, Art. 6(1)(b))
    individual_id     VARCHAR,            -- person-level id shared by one person's records: Salesforce Contact.IndividualId, a HubSpot record id kept in another system (links subjects)
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Consents and other legal bases per purpose and channel (Art. 6, 7, 8).
CREATE TABLE IF NOT EXISTS consents (
    consent_id            VARCHAR NOT NULL,
    contact_id            VARCHAR,
    purpose               VARCHAR,        -- e.g. newsletter, product_updates, profiling, partner_offers
    channel               VARCHAR,        -- email, phone, sms, post
    legal_basis           VARCHAR,        -- consent, contract, legal_obligation, legitimate_interest, vital_interest, public_task
    given_at              TIMESTAMPTZ,
    doi_confirmed_at      TIMESTAMPTZ,    -- double opt-in confirmation
    withdrawn_at          TIMESTAMPTZ,
    proof_source          VARCHAR,        -- web_form, paper, phone_call, import, ...
    notice_version        VARCHAR,        -- version of the privacy notice / consent text shown
    parental_consent      BOOLEAN,        -- Art. 8: holder of parental responsibility consented
    bundled_with_contract BOOLEAN,        -- Art. 7(4): consent made a condition of a contract
    opted_out             BOOLEAN,        -- the row records an opt-out (Salesforce OptOut, Mailchimp unsubscribed, HubSpot opted out): a withdrawal at coalesce(withdrawn_at, given_at), not a consent
    source_table          VARCHAR,
    source_row            BIGINT
);

-- Communications with a subject (Art. 6(1)(a), 21(2)). Only outbound marketing needs
-- marketing consent: direction and kind are classified by gdpr_audit/assess/send_rules.yaml.
CREATE TABLE IF NOT EXISTS communications (
    communication_id  VARCHAR NOT NULL,
    contact_id        VARCHAR,
    channel           VARCHAR,
    purpose           VARCHAR,
    campaign          VARCHAR,
    sent_at           TIMESTAMPTZ,
    direction         VARCHAR,            -- outbound, inbound (NULL: as the vendor's send rules default)
    kind              VARCHAR,            -- the vendor's type of the message as written (Task type, EmailMessage template, mailing type: 'Newsletter', 'Order confirmation', 'Call')
    source_table      VARCHAR,
    source_row        BIGINT
);

-- CRM users (employees), roles and what each role may see (Art. 25, 32).
CREATE TABLE IF NOT EXISTS users (
    user_id           VARCHAR NOT NULL,
    user_name         VARCHAR,            -- login name (personal data of staff: pseudonymise in reports)
    role_id           VARCHAR,
    is_active         BOOLEAN,
    last_login_at     TIMESTAMPTZ,
    deactivated_at    TIMESTAMPTZ,
    source_table      VARCHAR,
    source_row        BIGINT
);

CREATE TABLE IF NOT EXISTS roles (
    role_id           VARCHAR NOT NULL,
    role_name         VARCHAR,
    is_admin          BOOLEAN,
    source_table      VARCHAR,
    source_row        BIGINT
);

CREATE TABLE IF NOT EXISTS role_permissions (
    role_id           VARCHAR NOT NULL,
    table_name        VARCHAR NOT NULL,   -- canonical or raw table name, or '*'
    column_name       VARCHAR NOT NULL,   -- column name, or '*' for all columns
    can_read          BOOLEAN,
    can_export        BOOLEAN,
    source_table      VARCHAR,
    source_row        BIGINT
);

CREATE TABLE IF NOT EXISTS access_log (
    event_id          VARCHAR NOT NULL,
    user_id           VARCHAR,
    accessed_at       TIMESTAMPTZ,
    action            VARCHAR,            -- read, export, update, delete, login
    table_name        VARCHAR,
    record_count      BIGINT,
    contact_id        VARCHAR,            -- the subject touched, when a single record
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Retention policies (Art. 5(1)(e), 17) incl. German legal holds (HGB §257, AO §147).
CREATE TABLE IF NOT EXISTS retention_policies (
    policy_id         VARCHAR NOT NULL,
    record_type       VARCHAR NOT NULL,   -- contact, lead, invoice, voucher, annual_statement, business_letter, ticket, note, ...
    purpose           VARCHAR,
    period_months     INTEGER,            -- retention period
    start_event       VARCHAR,            -- creation, last_activity, contract_end, end_of_year_created
    legal_basis       VARCHAR,            -- e.g. 'HGB §257(1) Nr. 4, AO §147(1) Nr. 4'
    legal_hold        BOOLEAN,            -- records must be kept for the period (statutory duty)
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Business records subject to retention (invoices, vouchers, letters, tickets, notes).
CREATE TABLE IF NOT EXISTS business_records (
    record_id         VARCHAR NOT NULL,
    record_type       VARCHAR NOT NULL,
    contact_id        VARCHAR,
    created_at        TIMESTAMPTZ,
    legal_hold        BOOLEAN,            -- individual hold (litigation, audit)
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Free-text notes, tickets, e-mail bodies about a subject (scanned by discover).
CREATE TABLE IF NOT EXISTS notes (
    note_id           VARCHAR NOT NULL,
    contact_id        VARCHAR,
    created_at        TIMESTAMPTZ,
    body              VARCHAR,
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Data-subject requests (Art. 12, 15-22).
CREATE TABLE IF NOT EXISTS dsr_requests (
    request_id        VARCHAR NOT NULL,
    contact_id        VARCHAR,
    request_type      VARCHAR,            -- access, rectification, erasure, portability, objection, restriction, automated_decision_optout
    received_at       TIMESTAMPTZ,
    deadline_at       TIMESTAMPTZ,        -- as recorded by the CRM (may be missing: then received + 1 month)
    extended          BOOLEAN,            -- Art. 12(3): extension by up to two months recorded
    extension_reason  VARCHAR,
    completed_at      TIMESTAMPTZ,
    status            VARCHAR,            -- open, in_progress, completed, rejected
    case_type         VARCHAR,            -- a case/ticket's type field as written (e.g. 'GDPR Request', 'Datenschutz'), when requests come from cases
    subject_line      VARCHAR,            -- a case/ticket's subject as written ('Auskunft nach Art. 15'); classified by gdpr_audit/assess/request_rules.yaml, never shown
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Changes of contact data (evidence for rectification, Art. 16).
CREATE TABLE IF NOT EXISTS contact_changes (
    change_id         VARCHAR NOT NULL,
    contact_id        VARCHAR,
    changed_at        TIMESTAMPTZ,
    field             VARCHAR,
    changed_by        VARCHAR,            -- user_id
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Personal-data breaches (Art. 33, 34).
CREATE TABLE IF NOT EXISTS breaches (
    breach_id               VARCHAR NOT NULL,
    detected_at             TIMESTAMPTZ,
    authority_notified_at   TIMESTAMPTZ,
    delay_reason            VARCHAR,      -- Art. 33(1): reasons for a notification after 72 hours
    subjects_notified_at    TIMESTAMPTZ,
    risk_level              VARCHAR,      -- none, low, medium, high
    affected_count          BIGINT,
    category                VARCHAR,      -- confidentiality, integrity, availability
    source_table            VARCHAR,
    source_row              BIGINT
);

-- Automated decisions and profiling runs per subject (Art. 21, 22).
CREATE TABLE IF NOT EXISTS automated_decisions (
    decision_id       VARCHAR NOT NULL,
    contact_id        VARCHAR,
    decided_at        TIMESTAMPTZ,
    kind              VARCHAR,            -- profiling, scoring, automated_decision
    model             VARCHAR,
    source_table      VARCHAR,
    source_row        BIGINT
);

-- Which raw column fed which canonical column (written by the model build).
-- Lets access checks join role permissions (canonical names) with the PII
-- inventory (raw names).
CREATE TABLE IF NOT EXISTS column_lineage (
    canonical_table   VARCHAR NOT NULL,
    canonical_column  VARCHAR NOT NULL,
    raw_table         VARCHAR NOT NULL,   -- table in schema raw
    raw_column        VARCHAR NOT NULL,
    profile           VARCHAR NOT NULL
);

-- How each canonical table was built (written by the model build): one row per
-- (canonical table, raw table, profile entity). rows_in = rows_mapped +
-- rows_rejected + rows_skipped. rows_rejected: a key column (NOT NULL above) was
-- empty; rows_skipped: a column the entity requires was empty (e.g. no free text).
-- unparsed: JSON {canonical_column: count} of non-empty source values that did not
-- parse and became NULL (the raw text stays in raw.*). Holds counts only.
CREATE TABLE IF NOT EXISTS model_log (
    canonical_table   VARCHAR NOT NULL,
    raw_table         VARCHAR NOT NULL,
    profile           VARCHAR NOT NULL,
    entity            VARCHAR NOT NULL,
    rows_in           BIGINT,
    rows_mapped       BIGINT,
    rows_rejected     BIGINT,
    rows_skipped      BIGINT,
    unparsed          JSON,
    built_at          TIMESTAMPTZ
);
