"""Editors approve what members submit. Wagtail's default workflow ("Moderators approval", on the
root page) asks only the Moderators group; editors curate the library, so they may approve or
send back a story or a suggested practice too."""

from django.db import migrations


def default_approval_tasks(apps):
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    workflows = WorkflowPage.objects.filter(page__depth=1).values("workflow")
    task_ids = WorkflowTask.objects.filter(workflow__in=workflows).values("task")
    return GroupApprovalTask.objects.filter(pk__in=task_ids)


def editors_approve(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for task in default_approval_tasks(apps):
        task.groups.add(editors)


def editors_stop_approving(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for task in default_approval_tasks(apps):
        task.groups.remove(editors)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_facets_and_competencies"),
        ("members", "0002_editors_may_publish"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editors_approve, editors_stop_approving)]
