from . import test_access
from . import test_constraints
from . import test_customer_file
from . import test_customer_since
from . import test_tier
from . import test_tier_segment
from . import test_translations
from . import test_ui
