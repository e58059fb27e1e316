from . import account_move
from . import customer_source
from . import customer_tier_policy
from . import customer_tier_history
from . import res_partner
