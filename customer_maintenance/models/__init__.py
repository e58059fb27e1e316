from . import account_move
from . import customer_source
from . import customer_tier_policy
from . import customer_tier_history
from . import customer_followup
from . import mail_activity
from . import res_partner
from . import res_users
