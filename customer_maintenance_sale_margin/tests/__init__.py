from . import test_sale_margin
