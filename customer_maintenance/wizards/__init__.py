from . import customer_reassignment_wizard
