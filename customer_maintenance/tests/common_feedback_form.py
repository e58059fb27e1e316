from odoo.tests import new_test_user


def form_customer(env, login, rep_name, customer_name, lang):
    """A rep and a customer of theirs with a feedback link: returns
    ``(rep, customer, path of the public form)``."""
    rep = new_test_user(
        env, login, name=rep_name, groups="customer_maintenance.group_user"
    )
    customer = env["res.partner"].create(
        {"name": customer_name, "maintenance_user_id": rep.id, "lang": lang}
    )
    customer._get_feedback_url()
    return rep, customer, "/customer-feedback/" + customer.feedback_token
