from . import customer_maintenance_demo
from . import customer_credit_demo
from . import customer_rfm_demo
from . import customer_review_demo
from . import customer_playbook_demo
from . import customer_margin_demo
from . import customer_health_demo
