from . import customer_maintenance_demo
from . import customer_credit_demo
from . import customer_rfm_demo
from . import customer_health_demo
