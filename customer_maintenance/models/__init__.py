from . import account_move, customer_source, res_partner
