from procure.accounts.permissions import is_program_staff

can_build_surveys = is_program_staff
