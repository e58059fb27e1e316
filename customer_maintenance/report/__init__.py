from . import customer_followup_report
from . import customer_payment_report
from . import customer_my_day
from . import customer_profitability_report
