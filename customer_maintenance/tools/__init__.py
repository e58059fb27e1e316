from . import phone_contacts
from . import care_calendar
