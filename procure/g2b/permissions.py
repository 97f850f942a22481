from procure.accounts.models import Role
from procure.accounts.permissions import has_role

# The district administrator runs the collection and sees what it did (issue 32 §1).
can_manage_collection = has_role(Role.DISTRICT_ADMIN)
