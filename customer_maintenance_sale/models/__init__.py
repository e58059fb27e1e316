from . import customer_credit_policy
from . import sale_order
