from . import phone_contacts
