from . import account_move
from . import customer_source
from . import res_partner
