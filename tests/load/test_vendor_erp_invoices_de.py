"""German ERP voucher list (Belegliste: ";", Windows-1252, DD.MM.YYYY) as business_records
with their record type, so the HGB §257 / AO §147 retention checks can run.

Fixture: tests/data/vendors/erp_invoices_de/. Audit day 2025-06-30. Planted: an invoice of
2014 (old 10-year period ended 31.12.2024), an invoice of 2016 (BEG IV: 8 years, ended
31.12.2024), a delivery note of 2018 (6 years, ended 31.12.2024), an invoice dated
31.02.2020 (no date), a document kind without policy. Look-alikes: an invoice of
31.12.2017 (kept until 31.12.2025), a credit note of 2020, an order confirmation of 2019
(until 31.12.2025), a 2012 invoice under an individual hold, a till receipt of 2024.
"""

from __future__ import annotations

import datetime as dt

import pytest
from vendor_fixture_audit import Audit, audit, ref

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def erp() -> Audit:
    return audit("erp_invoices_de", AS_OF)


def test_voucher_list_becomes_typed_business_records(erp: Audit) -> None:
    assert erp.model.unmatched == []
    assert erp.rows("SELECT record_type, count(*) FROM business_records GROUP BY 1 ORDER BY 1") == [
        ("business_letter", 2),
        ("invoice", 5),
        ("sonstiges", 1),
        ("voucher", 2),
    ]
    assert erp.rows(
        "SELECT record_id, contact_id, CAST(timezone('Europe/Berlin', created_at) AS DATE), "
        "legal_hold FROM business_records WHERE record_id LIKE 'Rechnung#RE-201%' ORDER BY 1"
    ) == [
        ("Rechnung#RE-2012-0042", "K-1004", dt.date(2012, 8, 20), True),
        ("Rechnung#RE-2014-0107", "K-1001", dt.date(2014, 3, 1), None),
        ("Rechnung#RE-2016-0412", "K-1002", dt.date(2016, 5, 10), None),
        ("Rechnung#RE-2017-1231", "K-1001", dt.date(2017, 12, 31), None),
    ]
    # 31.02.2020 is no date: kept with created_at NULL and counted
    assert erp.model.sources[0].unparsed == {"created_at": 1}


def test_exact_findings_per_check(erp: Audit) -> None:
    assert erp.findings.pop("retention.past_period") == {
        ref("Rechnung#RE-2014-0107", "BR"),
        ref("Rechnung#RE-2016-0412", "BR"),
        ref("Lieferschein#LS-2018-0601", "BR"),
    }
    assert erp.findings.pop("retention.missing_date") == {ref("Rechnung#RE-2020-0231", "BR")}
    assert erp.findings.pop("retention.no_policy") == {"sonstiges"}
    assert erp.findings == {}
