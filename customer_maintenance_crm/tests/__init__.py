from . import test_sales_stage
from . import test_translations
