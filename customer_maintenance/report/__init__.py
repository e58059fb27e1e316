from . import customer_followup_report
