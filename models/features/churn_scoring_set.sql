-- The latest cutoff's features: who to score for churn now.
select * from {{ref "cutoff_features"}}
where cutoff_date = (select max(cutoff_date) from {{ref "cutoff_features"}})
