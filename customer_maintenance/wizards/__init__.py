from . import customer_contact_import
from . import customer_reassignment_wizard
from . import customer_credit_hold_wizard
from . import customer_lost_wizard
from . import customer_tier_basis_wizard
