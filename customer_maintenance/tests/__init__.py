from . import (
    test_access,
    test_constraints,
    test_customer_file,
    test_customer_since,
    test_translations,
)
from . import test_ui
