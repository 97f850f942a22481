from procure.accounts.permissions import is_program_staff

can_edit_guides = is_program_staff
