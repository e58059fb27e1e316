from . import customer_maintenance_demo
